import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildSync } from "esbuild";

const ROOT = path.resolve(__dirname, "../../..");

/**
 * Compiles a TypeScript worker and the lakelab sources it imports into one CommonJS file that
 * plain `node` runs, so child processes start in a fraction of a second and test the current
 * sources rather than a possibly stale dist/. npm packages stay external (NODE_PATH finds them).
 */
export function bundleWorker(entry: string): { file: string; env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-worker-"));
  const file = path.join(dir, `${path.basename(entry, ".ts")}.js`);
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    outfile: file,
    logLevel: "error",
  });
  const env = { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") };
  return { file, env, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A small seeded PRNG (mulberry32): trials are reproducible from their seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

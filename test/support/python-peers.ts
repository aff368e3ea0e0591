/**
 * The independent peers lakelab's interop tests run: pyiceberg 0.12 (reads what lakelab writes)
 * and MLflow 3.6 (the real tracking server and client), each installed once into its own venv
 * under `.tmp/peers/<name>` the normal way (`pip install`), with the offline wheels of
 * `../shared/reference-peers/<name>/` passed as `--find-links` when that folder exists.
 *
 * Installed at most once per machine: a finished venv carries a `.ready` marker naming the
 * requirement; concurrent test files wait on a lock folder. A machine with neither the wheels
 * nor a route to the package index gets an error saying how to get them: interop tests fail,
 * they never skip.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { PACKAGE_ROOT } from "../../kernel/link-packages";
import { parseJson } from "../../src/iceberg/spec/json";

const run = promisify(execFile);

// the package root, not `__dirname/../..`: bench/ runs this file's compiled copy in dist/test/support
const REPO = PACKAGE_ROOT;

export type PeerName = "pyiceberg" | "mlflow";

const REQUIREMENTS: Record<PeerName, { local: string; index: string }> = {
  pyiceberg: {
    local: "pyiceberg[pyarrow,sql-sqlite]==0.12.0",
    index: "pyiceberg[pyarrow,sql-sqlite]==0.12.0",
  },
  mlflow: { local: "mlflow==3.6.1.dev0", index: "mlflow==3.6.*" },
};

export interface PythonPeer {
  readonly name: PeerName;
  /** The venv's python interpreter. */
  readonly python: string;
  /** A console script installed in the venv, e.g. `bin("mlflow")`. */
  bin(command: string): string;
}

/** Where the offline wheels are: `LAKELAB_REFERENCE_PEERS`, else `../shared/reference-peers` beside the repo. */
export function referencePeersDir(): string {
  return process.env.LAKELAB_REFERENCE_PEERS ?? path.resolve(REPO, "../shared/reference-peers");
}

function peerDir(name: PeerName): string {
  return path.join(REPO, ".tmp", "peers", name);
}

function systemPython(): string {
  return process.env.LAKELAB_PEER_PYTHON ?? "python3";
}

function peerOf(name: PeerName): PythonPeer {
  const dir = peerDir(name);
  return { name, python: path.join(dir, "bin", "python"), bin: (cmd) => path.join(dir, "bin", cmd) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      // a lock left by a killed run: older than the longest install
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (Number.isFinite(age) && age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The peer's venv, created and installed on first use. */
export async function pythonPeer(name: PeerName): Promise<PythonPeer> {
  const dir = peerDir(name);
  const wheels = path.join(referencePeersDir(), name);
  const offline = fs.existsSync(wheels);
  const requirement = offline ? REQUIREMENTS[name].local : REQUIREMENTS[name].index;
  const marker = path.join(dir, ".ready");
  // either form of the requirement is the same release: a venv installed from the wheels is never
  // thrown away because this run cannot see the wheels folder (a worktree, another clone)
  const accepted = new Set([REQUIREMENTS[name].local, REQUIREMENTS[name].index]);
  const ready = () => fs.existsSync(marker) && accepted.has(fs.readFileSync(marker, "utf8"));
  if (ready()) return peerOf(name);
  return withLock(`${dir}.lock`, async () => {
    if (ready()) return peerOf(name);
    fs.rmSync(dir, { recursive: true, force: true });
    const pip = ["-m", "pip", "install", "--quiet", "--retries", "0", "--disable-pip-version-check"];
    try {
      await run(systemPython(), ["-m", "venv", dir], { timeout: 120_000 });
      const args = [...pip, ...(offline ? ["--find-links", wheels] : []), requirement];
      await run(path.join(dir, "bin", "python"), args, { timeout: 10 * 60_000, maxBuffer: 1 << 24 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      const tail = (e.stderr ?? e.message).trim().split("\n").slice(-5).join("\n");
      throw new Error(
        `could not install the reference peer ${name} (${requirement}) into ${dir}.\n` +
          `Interop tests need it as an independent ${name === "pyiceberg" ? "Iceberg reader" : "MLflow server/client"}. ` +
          `Either put its wheels in ${wheels} (see ../shared/reference-peers/README.md; or set LAKELAB_REFERENCE_PEERS) ` +
          `or give pip a route to a package index that serves '${requirement}'.\npip said:\n${tail}`,
      );
    }
    fs.writeFileSync(marker, requirement);
    return peerOf(name);
  });
}

/**
 * Runs a python script in the peer's venv with JSON on stdin; resolves with its JSON stdout, parsed
 * bigint-safe (integers beyond 2^53 arrive as bigint, so 64-bit ids stay exact).
 */
export async function runPeerScript<T = unknown>(
  peer: PythonPeer,
  script: string,
  input: unknown,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<T> {
  const child = execFile(peer.python, ["-c", script], {
    encoding: "buffer",
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 1 << 28,
    env: { ...process.env, ...options.env },
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on("data", (d: Buffer) => out.push(d));
  child.stderr!.on("data", (d: Buffer) => err.push(d));
  child.stdin!.end(JSON.stringify(input));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const stdout = Buffer.concat(out).toString("utf8");
  if (code !== 0) {
    throw new Error(
      `${peer.name} script exited with ${code}:\n${Buffer.concat(err).toString("utf8").slice(-4000)}`,
    );
  }
  return parseJson(stdout, `${peer.name} script output`) as T;
}

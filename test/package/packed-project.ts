import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A user's project with lakelab installed from its packed tarball, and nothing else. */
export interface PackedProject {
  /** The project folder: package.json, node_modules, `.jupyter` (the kernel). */
  readonly dir: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** `JUPYTER_PATH` that makes the kernel installed with `--prefix .jupyter` visible. */
  readonly jupyterPath: string;
}

/** The commands a user runs, as the README's "Use lakelab in your project" shows them. */
export const USER_COMMANDS = {
  pack: "npm pack",
  install: "npm install ../lakelab/lakelab-0.1.0.tgz",
  kernel: "npx lakelab kernel install --prefix .jupyter",
  execute:
    "JUPYTER_PATH=.jupyter/share/jupyter jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=lakelab first.ipynb",
} as const;

const REPO = path.resolve(__dirname, "..", "..");
// vitest runs each test file in a fork of one main process: its pid names this test run.
// LAKELAB_PACKED_RUN_DIR reuses a project packed earlier (while working on these tests only:
// it then tests that earlier build).
const RUN_DIR =
  process.env.LAKELAB_PACKED_RUN_DIR ?? path.join(os.tmpdir(), `lakelab-packed-${process.ppid}`);
const READY = path.join(RUN_DIR, "ready.json");
const FAILED = path.join(RUN_DIR, "failed.txt");

let made: Promise<PackedProject> | undefined;

/**
 * Packs lakelab, installs the tarball into a fresh project and installs the kernel there, once per
 * test run: the first test file to ask does the work (minutes: npm builds better-sqlite3 from
 * source), the others wait for it and share the project.
 */
export function packedProject(): Promise<PackedProject> {
  made ??= make();
  return made;
}

async function make(): Promise<PackedProject> {
  removeStaleRuns();
  try {
    fs.mkdirSync(RUN_DIR); // atomic: whoever creates it does the work
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return waitForReady();
  }
  try {
    const project = await build();
    fs.writeFileSync(READY, JSON.stringify(project));
    return project;
  } catch (err) {
    fs.writeFileSync(FAILED, String((err as Error).stack ?? err));
    throw err;
  }
}

async function build(): Promise<PackedProject> {
  const packed = await run("npm", ["pack", "--pack-destination", RUN_DIR], REPO);
  const tarball = path.join(RUN_DIR, packed.trim().split("\n").at(-1)!);
  const dir = path.join(RUN_DIR, "my-project");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "my-project", private: true })}\n`,
  );
  await run("npm", ["install", tarball], dir);
  await run("npx", ["lakelab", "kernel", "install", "--prefix", ".jupyter"], dir);
  return { dir, tarball, jupyterPath: path.join(dir, ".jupyter", "share", "jupyter") };
}

async function waitForReady(): Promise<PackedProject> {
  for (;;) {
    if (fs.existsSync(READY)) return JSON.parse(fs.readFileSync(READY, "utf8")) as PackedProject;
    if (fs.existsSync(FAILED)) throw new Error(`packing lakelab failed:\n${fs.readFileSync(FAILED, "utf8")}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function removeStaleRuns(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = /^lakelab-packed-(\d+)$/.exec(name)?.[1];
    if (pid === undefined || path.join(os.tmpdir(), name) === RUN_DIR || alive(Number(pid))) continue;
    fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs a command as a user would in a shell, without the npm settings of the npm running the tests. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (status) => {
      const stdout = Buffer.concat(out).toString("utf8");
      if (status === 0) resolve(stdout);
      else
        reject(new Error(`${command} ${args.join(" ")} exited ${status}:\n${stdout}\n${Buffer.concat(err)}`));
    });
  });
}

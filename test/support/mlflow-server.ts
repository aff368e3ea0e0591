/**
 * A real MLflow 3.6 tracking server for tests: `mlflow server` from the reference peer's venv
 * (test/support/python-peers.ts) on 127.0.0.1 and a free port, with a fresh SQLite backend and
 * an artifact folder in a temp dir. It is the reference the tracking contract suite is checked
 * against: what it answers is what MLflow does, not what lakelab thinks MLflow does.
 *
 * `mlflow server` starts uvicorn as a child process, so the server runs in its own process group
 * and `stop()` signals the whole group. Starting takes 6 s or more (database migrations): share
 * one server per test file with `useMlflowServer()`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { promises as fs, openSync, readFileSync } from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { pythonPeer } from "./python-peers";

export interface MlflowServerOptions {
  /**
   * `proxied` (default): `--artifacts-destination`, so runs get `mlflow-artifacts:/` URIs and
   * artifacts travel over HTTP as the recorded transcripts show. `local`: `--default-artifact-root`,
   * so runs get plain paths that clients write directly.
   */
  readonly artifacts?: "proxied" | "local";
  /** How long to wait for /health, ms (default 180 s: the machine is shared). */
  readonly startTimeoutMs?: number;
}

/** Environment for every MLflow process the tests start: no telemetry, no usage reporting. */
export const MLFLOW_QUIET_ENV: Readonly<Record<string, string>> = {
  MLFLOW_DISABLE_TELEMETRY: "true",
  DO_NOT_TRACK: "true",
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class MlflowServer {
  readonly url: string;
  /** The temp folder holding mlflow.db, artifacts/ and server.log. */
  readonly dir: string;
  readonly #child: ChildProcess;
  readonly #onExit: () => void;
  #exited: Promise<void>;

  private constructor(url: string, dir: string, child: ChildProcess) {
    this.url = url;
    this.dir = dir;
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once("exit", () => resolve()));
    // a test runner that dies must not leave a server behind
    this.#onExit = () => this.#signal("SIGKILL");
    process.once("exit", this.#onExit);
  }

  /** Starts a server and resolves once /health answers. */
  static async start(options: MlflowServerOptions = {}): Promise<MlflowServer> {
    const peer = await pythonPeer("mlflow");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-mlflow-server-"));
    // a port found free can be taken before the server binds it: try a few
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const artifacts = path.join(dir, "artifacts");
      const log = path.join(dir, `server-${attempt}.log`);
      const out = openSync(log, "w");
      const child = spawn(
        peer.bin("mlflow"),
        [
          "server",
          "--host",
          "127.0.0.1",
          "--port",
          String(port),
          "--backend-store-uri",
          `sqlite:///${path.join(dir, "mlflow.db")}`,
          ...(options.artifacts === "local"
            ? ["--default-artifact-root", artifacts]
            : ["--artifacts-destination", artifacts]),
          "--workers",
          "1",
        ],
        { detached: true, stdio: ["ignore", out, out], env: { ...process.env, ...MLFLOW_QUIET_ENV } },
      );
      const server = new MlflowServer(`http://127.0.0.1:${port}`, dir, child);
      const up = await server.#waitForHealth(options.startTimeoutMs ?? 180_000);
      if (up) return server;
      await server.stop({ keepDir: true });
      const tail = readFileSync(log, "utf8").trim().split("\n").slice(-15).join("\n");
      if (attempt >= 3 || !/address already in use/i.test(tail)) {
        await fs.rm(dir, { recursive: true, force: true });
        throw new Error(`mlflow server did not answer /health on port ${port}; its log ends:\n${tail}`);
      }
    }
  }

  /** The process group of the server and its uvicorn child (the server's pid). */
  get processGroup(): number | undefined {
    return this.#child.pid;
  }

  /** Stops the server and its uvicorn child (the whole process group), then removes its folder. */
  async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    process.removeListener("exit", this.#onExit);
    this.#signal("SIGTERM");
    const stopped = await Promise.race([this.#exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!stopped) this.#signal("SIGKILL");
    // uvicorn may outlive its parent by a moment: make sure nothing of the group is left
    await sleep(200);
    this.#signal("SIGKILL");
    if (options.keepDir !== true) await fs.rm(this.dir, { recursive: true, force: true });
  }

  #signal(signal: NodeJS.Signals): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal); // the group the server leads (spawned detached)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
  }

  async #waitForHealth(timeoutMs: number): Promise<boolean> {
    let exited = false;
    void this.#exited.then(() => {
      exited = true;
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !exited) {
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return true;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    return false;
  }
}

/**
 * Registers one real MLflow server for the calling test file (started in beforeAll, stopped in
 * afterAll); the returned function gives the running server.
 */
export function useMlflowServer(options: MlflowServerOptions = {}): () => MlflowServer {
  let server: MlflowServer | undefined;
  beforeAll(async () => {
    server = await MlflowServer.start(options);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);
  return () => {
    if (server === undefined) throw new Error("the MLflow server is not started (use it inside a test)");
    return server;
  };
}

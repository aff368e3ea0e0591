import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";

const PYTHON = "/usr/bin/python3";
const SCRIPTS = join(__dirname, "..", "..", "scripts", "sklearn");

/**
 * scripts/sklearn/bench_ml.py kept running beside the bench, one command at a time, so that
 * lakelab's trials and scikit-learn's alternate in one run (each timed inside its own process).
 * Needs /usr/bin/python3 with scikit-learn (Debian's python3-sklearn).
 */
export class SklearnPeer {
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = "";

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: Interface,
  ) {
    lines.on("line", (line) => this.waiting.shift()?.(line));
    child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  /** Loads the data written at `path` (see bench_ml.py) and waits until python is ready. */
  static async start(path: string, regParam: number, tol: number): Promise<SklearnPeer> {
    const child = spawn(PYTHON, [join(SCRIPTS, "bench_ml.py"), path, String(regParam), String(tol)], {
      cwd: SCRIPTS,
    });
    const peer = new SklearnPeer(child, createInterface({ input: child.stdout }));
    await peer.next();
    return peer;
  }

  /** Runs one command (hashing, lbfgs100, lbfgs) and returns its JSON answer. */
  async request<T>(command: string): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    return JSON.parse(await this.next()) as T;
  }

  close(): void {
    this.child.stdin.end("quit\n");
    this.lines.close();
  }

  private next(): Promise<string> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`bench_ml.py exited with ${code}: ${this.stderr.slice(-2000)}`));
      this.child.once("exit", onExit);
      this.waiting.push((line) => {
        this.child.off("exit", onExit);
        resolve(line);
      });
    });
  }
}

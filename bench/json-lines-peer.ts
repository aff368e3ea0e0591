import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Every answer carries the process's peak RSS so far in KB: VmHWM of /proc/self/status. Not
 * getrusage's maxrss (Node's resourceUsage().maxRSS, Python's ru_maxrss): Linux carries that over
 * from the parent across fork and exec, so a child spawned by a 1.4 GB bench starts at 1.4 GB.
 */
export interface PeerAnswer {
  readonly peakRssKb: number;
  readonly error?: string;
}

/**
 * A benchmark side kept running in its own process (so that its peak RSS is its own): one JSON
 * command per line on stdin, one JSON answer per line on stdout, in order. The first line it
 * prints is its hello, once it has imported what it needs. Lines that are not JSON objects
 * (a library's own logging) are passed on to stderr.
 */
export class JsonLinesPeer {
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = "";
  private exited: string | undefined;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("{")) this.waiting.shift()?.(line);
      else process.stderr.write(`[${label}] ${line}\n`);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on("exit", (code, signal) => {
      this.exited = `${label} exited with ${signal ?? code}: ${this.stderr}`;
      for (const resolve of this.waiting.splice(0)) resolve("");
    });
  }

  /** Starts `command args` and waits for its hello line. */
  static async start<H extends PeerAnswer>(
    label: string,
    command: string,
    args: string[],
  ): Promise<{ peer: JsonLinesPeer; hello: H }> {
    const peer = new JsonLinesPeer(label, spawn(command, args, { stdio: "pipe" }));
    return { peer, hello: await peer.next<H>() };
  }

  /** Sends one command and resolves with its answer; an `error` answer rejects. */
  request<T extends PeerAnswer>(command: object): Promise<T> {
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    return this.next<T>();
  }

  /** Ends the peer's input and waits for it to exit. */
  async close(): Promise<void> {
    if (this.exited !== undefined) return;
    const exit = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.stdin.end();
    await exit;
  }

  private next<T extends PeerAnswer>(): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.exited !== undefined) return reject(new Error(this.exited));
      this.waiting.push((line) => {
        if (line === "") return reject(new Error(this.exited));
        const answer = JSON.parse(line) as T;
        if (answer.error !== undefined) reject(new Error(`${this.label}: ${answer.error}`));
        else resolve(answer);
      });
    });
  }
}

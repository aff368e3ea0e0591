/** What the team fault tests and their writer processes (rest-writer.ts) exchange. */
import { type ChildProcess, fork } from "node:child_process";

export interface WriterArgs {
  readonly uri: string;
  readonly token: string;
  readonly table: string;
  readonly writer: number;
  /** Batches 1..count are appended. */
  readonly count: number;
  readonly kill?: { readonly pattern: string; readonly nth: number; readonly when: "before" | "after" };
}

export type WriterMessage =
  | { type: "ready" }
  | { type: "begin"; batch: number }
  | { type: "done"; batch: number; snapshotId: string; retries: number }
  | { type: "error"; code?: string; message?: string };

/** The rows batch `batch` of `writer` appends. */
export function writerRows(writer: number, batch: number) {
  return [0, 1, 2].map((idx) => ({
    writer: BigInt(writer),
    batch: BigInt(batch),
    idx: BigInt(idx),
    text: `writer ${writer} batch ${batch} row ${idx}`,
  }));
}

export interface WriterProcess {
  readonly child: ChildProcess;
  /** Batches the writer confirmed, in order. */
  readonly done: Extract<WriterMessage, { type: "done" }>[];
  /** The batch it had begun and not confirmed, if any. */
  readonly inFlight: () => number | undefined;
  readonly errors: string[];
  /** Resolves once it is connected and waiting for "go". */
  readonly ready: Promise<void>;
  /** Resolves with its exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Forks the bundled rest-writer with `args`; send it `{ type: "go" }` to start. */
export function startWriter(
  worker: { file: string; env: NodeJS.ProcessEnv },
  args: WriterArgs,
): WriterProcess {
  const child = fork(worker.file, [JSON.stringify(args)], {
    env: worker.env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const done: Extract<WriterMessage, { type: "done" }>[] = [];
  const errors: string[] = [];
  let begun: number | undefined;
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.on("message", (m: WriterMessage) => {
    if (m.type === "ready") onReady();
    else if (m.type === "begin") begun = m.batch;
    else if (m.type === "done") {
      done.push(m);
      begun = undefined;
    } else errors.push(`writer ${args.writer}: ${m.code} ${m.message}`);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, done, inFlight: () => begun, errors, ready, exited };
}

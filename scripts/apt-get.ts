/**
 * apt-get that waits for another apt/dpkg process (an unattended upgrade, a second `npm test`)
 * to release its lock instead of failing at once, as apt-get does (exit 100, "Could not get lock").
 */
import { spawnSync } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";

/** What a command left behind: its exit status and what it wrote to stderr. */
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What ensure-jupyter needs from the machine, injected so that tests never run apt. */
export interface Host {
  readonly env: NodeJS.ProcessEnv;
  readonly isRoot: boolean;
  /** Runs a command with its stdout shown to the user and its stderr captured. */
  run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): CommandResult;
  /** Runs a command quietly and captures its output (dpkg-query, a Python import check). */
  query(command: string, args: readonly string[]): CommandResult;
  log(line: string): void;
  /** Passes on what a command wrote to stderr. */
  echoError(text: string): void;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** The machine itself. */
export const systemHost: Host = {
  env: process.env,
  isRoot: process.getuid?.() === 0,
  run(command, args, env) {
    const r = spawnSync(command, args, { env, encoding: "utf8", stdio: ["inherit", "inherit", "pipe"] });
    return { status: r.error ? null : r.status, stdout: "", stderr: r.stderr ?? "" };
  },
  query(command, args) {
    const r = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: r.error ? null : r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  },
  log: (line) => console.log(line),
  echoError: (text) => process.stderr.write(text),
  sleep: (ms) => delay(ms),
  now: () => Date.now(),
};

/** How long to wait for another apt/dpkg process in all, and how often to look again. */
export interface LockWait {
  readonly maxMs: number;
  readonly pollMs: number;
}

export const DEFAULT_LOCK_WAIT: LockWait = { maxMs: 5 * 60_000, pollMs: 2_000 };

/** The lock apt-get could not take and who holds it, or undefined when it failed for another reason. */
export function lockHeld(r: CommandResult): { lock: string; pid: number | undefined } | undefined {
  // apt ≥ 1.9: "Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 123 (apt-get)";
  // older: "Could not get lock /var/lib/dpkg/lock-frontend - open (11: Resource temporarily unavailable)"
  if (r.status !== 100) return undefined;
  const held = /Could not get lock (\S+?)(?:\.? It is held by process (\d+)|\s+-\s)/.exec(r.stderr);
  if (!held) return undefined;
  return { lock: held[1]!, pid: held[2] === undefined ? undefined : Number(held[2]) };
}

/**
 * Runs `apt-get args`; while another process holds an apt/dpkg lock, says so once per holder and
 * tries again, up to `wait.maxMs` for this call. Returns the last result (still a lock failure when time ran out).
 */
export async function aptGet(
  host: Host,
  args: readonly string[],
  wait: LockWait = DEFAULT_LOCK_WAIT,
  announced: Set<string> = new Set(),
): Promise<CommandResult> {
  const aptEnv = { ...host.env, DEBIAN_FRONTEND: "noninteractive" };
  const deadline = host.now() + wait.maxMs;
  for (;;) {
    const result = host.run("apt-get", args, aptEnv);
    const held = lockHeld(result);
    if (!held || host.now() >= deadline) {
      // apt's own lock complaints would repeat on every try: only the last answer is shown
      if (result.stderr !== "") host.echoError(result.stderr);
      return result;
    }
    const who = held.pid === undefined ? "pid unknown" : `pid ${held.pid}`;
    if (!announced.has(who)) {
      announced.add(who);
      host.log(`waiting for another apt/dpkg process (${who}) to finish`);
    }
    await host.sleep(Math.min(wait.pollMs, Math.max(0, deadline - host.now())));
  }
}

import { describe, expect, it } from "vitest";
import { JUPYTER_DEBIAN_PACKAGES } from "../../kernel/locate-jupyter";
import { type CommandResult, type Host, lockHeld, systemHost } from "../../scripts/apt-get";
import { ensureJupyter } from "../../scripts/ensure-jupyter";
import { LakelabError } from "../../src/errors";

const ALL = [...JUPYTER_DEBIAN_PACKAGES];
const WAIT = { maxMs: 300_000, pollMs: 2_000 };
const OK: CommandResult = { status: 0, stdout: "", stderr: "" };
const LOCKED: CommandResult = {
  status: 100,
  stdout: "",
  stderr:
    "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)\n" +
    "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?\n",
};

/**
 * A stand-in for dpkg and apt, which a unit test must never run for real (as root it would install
 * packages). Less strict than the real ones: dpkg-query answers only `--version` and `-W -f=${Status}`
 * from a fixed list, and apt-get returns the scripted results without looking at its arguments.
 */
function fakeHost(options: {
  installed: readonly string[];
  isRoot: boolean;
  apt?: readonly CommandResult[];
  env?: NodeJS.ProcessEnv;
}) {
  const ran: { command: string; env: NodeJS.ProcessEnv }[] = [];
  const logs: string[] = [];
  const echoed: string[] = [];
  const apt = [...(options.apt ?? [])];
  let clock = 0;
  const host: Host = {
    env: options.env ?? {},
    isRoot: options.isRoot,
    run(command, args, env) {
      ran.push({ command: [command, ...args].join(" "), env });
      return apt.shift() ?? OK;
    },
    query(command, args) {
      if (command !== "dpkg-query") return { status: 1, stdout: "", stderr: "no such Python" };
      if (args[0] === "--version") return OK;
      const pkg = args.at(-1)!;
      return options.installed.includes(pkg)
        ? { status: 0, stdout: "install ok installed", stderr: "" }
        : { status: 1, stdout: "", stderr: `dpkg-query: no packages found matching ${pkg}\n` };
    },
    log: (line) => logs.push(line),
    echoError: (text) => echoed.push(text),
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
  };
  return { host, ran, logs, echoed, elapsed: () => clock };
}

async function rejection(promise: Promise<unknown>): Promise<LakelabError> {
  const err = await promise.then(
    () => expect.unreachable("expected ensureJupyter to throw"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LakelabError);
  return err as LakelabError;
}

describe("ensure-jupyter on Debian", () => {
  it("runs nothing when every package is installed", async () => {
    const fake = fakeHost({ installed: ALL, isRoot: true });
    await ensureJupyter(fake.host, WAIT);
    expect(fake.ran).toEqual([]);
    expect(fake.logs).toEqual([]);
  });

  it("as root, installs exactly the missing packages with apt-get, non-interactively", async () => {
    const fake = fakeHost({ installed: ["jupyter-notebook", "jupyter-client"], isRoot: true });
    await ensureJupyter(fake.host, WAIT);
    expect(fake.ran.map((r) => r.command)).toEqual([
      "apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient python3-ipykernel",
    ]);
    expect(fake.ran[0]!.env.DEBIAN_FRONTEND).toBe("noninteractive");
  });

  it("as root, updates the package lists and tries again when the install fails", async () => {
    const failed = { status: 100, stdout: "", stderr: "E: Unable to locate package python3-nbclient\n" };
    const fake = fakeHost({ installed: [], isRoot: true, apt: [failed] });
    await ensureJupyter(fake.host, WAIT);
    const install = `apt-get install -y --no-install-recommends ${ALL.join(" ")}`;
    expect(fake.ran.map((r) => r.command)).toEqual([install, "apt-get update", install]);
    expect(fake.echoed).toEqual([failed.stderr]);
  });

  it("not as root, runs nothing and throws JUPYTER_NOT_FOUND naming the missing packages", async () => {
    const fake = fakeHost({ installed: ["jupyter-notebook"], isRoot: false });
    const err = await rejection(ensureJupyter(fake.host, WAIT));
    expect(err.code).toBe("JUPYTER_NOT_FOUND");
    expect(err.context.packages).toEqual(ALL.slice(1));
    expect(err.message).toContain(`Missing Debian packages for Jupyter: ${ALL.slice(1).join(" ")}`);
    expect(err.message).toContain(
      `sudo apt-get install -y --no-install-recommends ${ALL.slice(1).join(" ")}`,
    );
    expect(fake.ran).toEqual([]);
  });

  it("waits for another apt/dpkg process holding the lock, says so once, then installs", async () => {
    const fake = fakeHost({ installed: [], isRoot: true, apt: [LOCKED, LOCKED, LOCKED, OK] });
    await ensureJupyter(fake.host, WAIT);
    const install = `apt-get install -y --no-install-recommends ${ALL.join(" ")}`;
    expect(fake.ran.map((r) => r.command)).toEqual([install, install, install, install]);
    expect(fake.logs.filter((l) => l.startsWith("waiting"))).toEqual([
      "waiting for another apt/dpkg process (pid 4242) to finish",
    ]);
    expect(fake.elapsed()).toBe(3 * WAIT.pollMs);
    expect(fake.echoed).toEqual([]); // apt's own "Could not get lock" lines are not repeated
  });

  it("gives up after the bounded wait with a retryable JUPYTER_NOT_FOUND naming the holder", async () => {
    const fake = fakeHost({ installed: [], isRoot: true, apt: Array(1_000).fill(LOCKED) });
    const err = await rejection(ensureJupyter(fake.host, WAIT));
    expect(err.code).toBe("JUPYTER_NOT_FOUND");
    expect(err.retryable).toBe(true);
    expect(err.context.lockHolder).toBe(4242);
    expect(err.message).toContain("pid 4242");
    expect(err.message).toContain("/var/lib/dpkg/lock-frontend");
    expect(fake.elapsed()).toBe(WAIT.maxMs);
    // one try every pollMs, plus the first: no apt-get update while the lock is held
    expect(fake.ran).toHaveLength(WAIT.maxMs / WAIT.pollMs + 1);
    expect(fake.ran.every((r) => r.command.startsWith("apt-get install"))).toBe(true);
    expect(fake.logs.filter((l) => l.startsWith("waiting"))).toHaveLength(1);
    expect(fake.echoed).toEqual([LOCKED.stderr]); // the last answer is shown, once
  });

  it("reads the lock holder from apt's message, old style (no pid) too, and nothing else as a lock", () => {
    expect(lockHeld(LOCKED)).toEqual({ lock: "/var/lib/dpkg/lock-frontend", pid: 4242 });
    const old =
      "E: Could not get lock /var/lib/apt/lists/lock - open (11: Resource temporarily unavailable)\n";
    expect(lockHeld({ status: 100, stdout: "", stderr: old })).toEqual({
      lock: "/var/lib/apt/lists/lock",
      pid: undefined,
    });
    expect(lockHeld({ status: 100, stdout: "", stderr: "E: Unable to locate package x\n" })).toBeUndefined();
    expect(lockHeld({ ...LOCKED, status: 0 })).toBeUndefined();
  });
});

describe("ensure-jupyter with LAKELAB_JUPYTER_PYTHON", () => {
  it("checks that Python (for real) and names the modules it cannot import", async () => {
    const host = { ...systemHost, env: { LAKELAB_JUPYTER_PYTHON: "/nonexistent/python3" } };
    const err = await rejection(ensureJupyter(host, WAIT));
    expect(err.code).toBe("JUPYTER_NOT_FOUND");
    expect(err.message).toContain(
      "/nonexistent/python3 cannot import notebook, nbconvert, nbclient, ipykernel, jupyter_client",
    );
  });

  it("asks only that Python, never dpkg or apt", async () => {
    const fake = fakeHost({
      installed: [],
      isRoot: true,
      env: { LAKELAB_JUPYTER_PYTHON: "/opt/py/bin/python" },
    });
    const asked: string[] = [];
    const host: Host = {
      ...fake.host,
      query: (command, args) => {
        asked.push(command);
        return command === "/opt/py/bin/python" && args[0] === "-c" ? OK : fake.host.query(command, args);
      },
    };
    await ensureJupyter(host, WAIT);
    expect(asked).toEqual(["/opt/py/bin/python"]);
    expect(fake.ran).toEqual([]);
  });
});

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const CI_RUN = path.resolve(__dirname, "../../.ci/run");

let bin: string | undefined;
afterEach(() => {
  if (bin) fs.rmSync(bin, { recursive: true, force: true });
  bin = undefined;
});

/**
 * Runs the real .ci/run with stand-ins first on PATH for dpkg-query (every package missing),
 * apt-get, sleep and npm, which record their arguments. Less strict than the real commands: the
 * stand-in apt-get ignores its options and fails with apt's lock message for its first `locked`
 * calls, then succeeds (or, when `broken`, fails as apt does for an unknown package); sleep returns
 * at once; npm does nothing.
 */
function runCi(locked: number, broken = false): { status: number | null; stdout: string; calls: string[] } {
  bin = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-ci-run-"));
  const log = path.join(bin, "calls.log");
  const tool = (name: string, body: string) =>
    fs.writeFileSync(path.join(bin!, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${log}"\n${body}\n`, {
      mode: 0o755,
    });
  tool("dpkg-query", "exit 1");
  tool(
    "apt-get",
    [
      `n=$(grep -c '^apt-get ' "${log}")`,
      `if ((n <= ${locked})); then`,
      `  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2`,
      "  exit 100",
      "fi",
      broken ? `echo "E: Unable to locate package jupyter-notebook" >&2; exit 100` : "exit 0",
    ].join("\n"),
  );
  tool("sleep", "exit 0");
  tool("npm", "exit 0");
  const run = spawnSync("bash", [CI_RUN], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  const calls = fs.readFileSync(log, "utf8").trim().split("\n");
  return { status: run.status, stdout: run.stdout, calls: calls.filter((c) => !c.startsWith("dpkg-query")) };
}

describe(".ci/run", () => {
  it("waits for another apt/dpkg process holding the lock, says so once, then installs and tests", () => {
    const run = runCi(3);
    expect(run.status).toBe(0);
    const update = "apt-get -o DPkg::Lock::Timeout=300 update";
    const install =
      "apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends " +
      "jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client";
    expect(run.calls).toEqual([
      update,
      "sleep 2",
      update,
      "sleep 2",
      update,
      "sleep 2",
      update,
      install,
      "npm ci",
      "npm test",
    ]);
    const waiting = run.stdout.split("\n").filter((l) => l.startsWith("waiting"));
    expect(waiting).toEqual(["waiting for another apt/dpkg process (pid 4242) to finish"]);
  });

  it("stops at once on an apt-get failure that is not a lock, before npm", () => {
    const run = runCi(0, true);
    expect(run.status).toBe(100);
    expect(run.calls).toEqual(["apt-get -o DPkg::Lock::Timeout=300 update"]);
  });
});

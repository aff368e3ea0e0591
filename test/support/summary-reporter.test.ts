import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const PROJECT = path.join(__dirname, "fixtures", "summary-project");

/** Runs vitest on the fixture project (optionally only the files matching `filter`) in a child process. */
function runFixture(filter?: string): { status: number | null; closing: string } {
  const args = [
    path.join(ROOT, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--root",
    PROJECT,
    "--config",
    path.join(PROJECT, "vitest.config.mts"),
    ...(filter ? [filter] : []),
  ];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: childEnv() });
  const lines = child.stdout.split("\n").filter((l) => l.trim() !== "");
  return { status: child.status, closing: lines.at(-1) ?? "" };
}

/** The child must not think it runs inside this vitest (it would report to us, not print). */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "TEST") delete env[key];
  return env;
}

describe("summary reporter's closing line", () => {
  it("counts a file whose beforeAll failed as failed, with each of its tests", () => {
    expect(runFixture("setup-fails").closing).toBe("0 passed, 2 failed");
  });

  it("counts a passing, a failing and a skipped test, and a group whose beforeAll failed", () => {
    expect(runFixture("mixed").closing).toBe("1 passed, 2 failed, 1 skipped");
  });

  it("counts a file that fails to import as one failure", () => {
    expect(runFixture("import-fails").closing).toBe("0 passed, 1 failed");
  });

  it("counts a file whose afterAll failed as one failure beside its passing test", () => {
    expect(runFixture("teardown-fails").closing).toBe("1 passed, 1 failed");
  });

  it("sums the whole project, and vitest's exit code agrees that the run failed", () => {
    const run = runFixture();
    expect(run.closing).toBe("2 passed, 6 failed, 1 skipped");
    expect(run.status).toBe(1);
  });
});

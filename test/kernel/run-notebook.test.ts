import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runNotebook } from "../../kernel";
import { isLakelabError, type LakelabError } from "../../src/errors";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-run-notebook-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function failure(notebook: string): Promise<LakelabError> {
  const err = await runNotebook(notebook, { cwd: scratch }).catch((e) => e);
  if (!isLakelabError(err)) throw err;
  return err;
}

describe("runNotebook errors", () => {
  it("a path that does not exist is FILE_NOT_FOUND naming it, before Python is started", async () => {
    const err = await failure("notebooks/no-such.ipynb");
    expect(err.code).toBe("FILE_NOT_FOUND");
    expect(err.message).toBe("notebook notebooks/no-such.ipynb does not exist");
  });

  it("a file nbformat cannot read fails with Python's exception line, not its traceback", async () => {
    const broken = path.join(scratch, "broken.ipynb");
    fs.writeFileSync(broken, "{ not json");
    const err = await failure(broken);
    expect(err.code).toBe("NOTEBOOK_EXECUTION_FAILED");
    expect(err.message).not.toContain("Traceback");
    expect(err.message).not.toContain('File "');
    expect(err.message).toMatch(/^broken\.ipynb failed \(exit 1\): \S*(Error|Exception)\b/);
  });
});

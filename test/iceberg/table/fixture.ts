import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { isLakelabError } from "../../../src/errors";
import { type IcebergCatalog, openCatalog } from "../../../src/iceberg/table";

/** A fresh warehouse with a `default` namespace, removed by `close()`. */
export async function tempCatalog(): Promise<{ dir: string; catalog: IcebergCatalog; close(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), "lakelab-table-"));
  const catalog = await openCatalog({ warehouse: path.join(dir, "warehouse") });
  await catalog.createNamespace("default");
  return {
    dir,
    catalog,
    close() {
      catalog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The code of the LakelabError `fn` throws (or a description of what else happened). */
export async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    return isLakelabError(err) ? err.code : `not a LakelabError: ${String(err)}`;
  }
  return "no error";
}

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { LakelabError } from "../../src/errors";
import { findMetadataFile, staticTable } from "../../src/iceberg/static-table";
import { FIXTURES } from "./spec/fixtures";

const tmp = mkdtempSync(path.join(tmpdir(), "lakelab-static-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof LakelabError ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
  }
  return "no error";
}

describe("staticTable", () => {
  it("honours version-hint.text", async () => {
    const dir = path.join(FIXTURES, "javaapi_v2_eqdeletes_partitioned");
    expect(path.basename(await findMetadataFile(dir))).toBe("v6.metadata.json");
    const t = await staticTable(dir);
    expect(t.readOnly).toBe(true);
    expect(t.currentSnapshot()?.snapshotId).toBe(3138177759849079112n);
    expect((await t.scan().toArrow()).numRows).toBe(3);
  });

  it("without a hint takes the highest-numbered metadata file", async () => {
    const dir = path.join(FIXTURES, "pyiceberg_v2_appends");
    expect(path.basename(await findMetadataFile(dir))).toBe(
      "00003-9d6a621e-8a72-4190-a880-f6ca02e32b86.metadata.json",
    );
    expect(path.basename(await findMetadataFile(path.join(FIXTURES, "spark_v1_day_partitioned")))).toBe(
      "v2.metadata.json",
    );
  });

  it("opens an older metadata file given directly (a file:// URI too) and reads that version", async () => {
    const file = path.join(
      FIXTURES,
      "pyiceberg_v2_appends/metadata/00001-2ce4255e-e070-489c-9d2f-c0a9e1db179b.metadata.json",
    );
    const t = await staticTable(`file://${file}`);
    expect(t.metadata.snapshots).toHaveLength(1);
    expect((await t.scan().toRecords()).map((r) => r.id).sort()).toEqual([1, 2, 3]);
  });

  it("a wrong version hint, an empty metadata folder, or no table at all → typed errors naming the path", async () => {
    const copy = path.join(tmp, "hinted");
    cpSync(path.join(FIXTURES, "spark_v2_append_overwrite_lineitem"), copy, { recursive: true });
    writeFileSync(path.join(copy, "metadata/version-hint.text"), "9\n");
    expect(await codeOf(staticTable(copy))).toMatch(
      /^METADATA_CORRUPT: .*version-hint.text names version '9'/,
    );
    expect(await codeOf(staticTable(tmp))).toMatch(/^TABLE_NOT_FOUND: .* has no metadata\/ folder/);
    expect(await codeOf(staticTable(path.join(tmp, "nope.metadata.json")))).toMatch(
      /^FILE_NOT_FOUND: .*nope.metadata.json/,
    );
  });

  it("reads gzip-compressed metadata (Hadoop's v<N>.gz.metadata.json)", async () => {
    const copy = path.join(tmp, "gz");
    cpSync(path.join(FIXTURES, "spark_v1_day_partitioned"), copy, { recursive: true });
    const meta = path.join(copy, "metadata/v2.metadata.json");
    writeFileSync(path.join(copy, "metadata/v3.gz.metadata.json"), gzipSync(readFileSync(meta)));
    rmSync(meta);
    const t = await staticTable(copy);
    expect(path.basename(await findMetadataFile(copy))).toBe("v3.gz.metadata.json");
    expect((await t.scan().toArrow()).numRows).toBe(3);
  });

  it("corrupt metadata JSON → METADATA_CORRUPT naming the file", async () => {
    const copy = path.join(tmp, "corrupt");
    cpSync(path.join(FIXTURES, "spark_v1_day_partitioned"), copy, { recursive: true });
    writeFileSync(path.join(copy, "metadata/v2.metadata.json"), '{"format-version": 1, "table-uuid": ');
    expect(await codeOf(staticTable(copy))).toMatch(
      /^METADATA_CORRUPT: .*v2.metadata.json is not valid JSON/,
    );
  });
});

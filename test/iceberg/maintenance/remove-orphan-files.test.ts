import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toFileUri, toLocalPath } from "../../../src/iceberg/io/local-file-io";
import { DEFAULT_ORPHAN_AGE_MS, removeOrphanFiles } from "../../../src/iceberg/maintenance";
import { type IcebergCatalog, openCatalog, type Table } from "../../../src/iceberg/table";
import { age, batch, expectedOf, filesUnder, rowsOf, tempDir } from "./helpers";

const DAY = 86_400_000;

describe("removeOrphanFiles", () => {
  let tmp: ReturnType<typeof tempDir>;
  let catalog: IcebergCatalog;
  let table: Table;
  let committed: string[];
  let junk: { old: string[]; young: string };

  beforeEach(async () => {
    tmp = tempDir("lakelab-orphans-");
    catalog = await openCatalog({ warehouse: tmp.dir });
    await catalog.createNamespace("db");
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    await catalog.writeTo("db.t").append(batch("b"));
    await catalog.writeTo("db.t").createOrReplace(batch("c"));
    table = await catalog.loadTable("db.t");
    committed = filesUnder(table.location);
    // Everything the table wrote is old: only reachability may protect it.
    for (const f of committed) age(f, 4 * DAY);
    const root = toLocalPath(table.location);
    const write = (rel: string, ageMs: number) => {
      const f = path.join(root, rel);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, "left over");
      age(f, ageMs);
      return f;
    };
    junk = {
      old: [
        write("data/00000-0-dead-00001.parquet", 4 * DAY),
        write("metadata/0f0f-m0.avro", 4 * DAY),
        write("metadata/00009-dead.metadata.json", 4 * DAY),
        write("metadata/00010-beef.metadata.json.1234.tmp", 4 * DAY),
      ].sort(),
      young: write("data/00001-0-live-00001.parquet", 60_000),
    };
  });
  afterEach(() => {
    catalog.close();
    tmp.cleanup();
  });

  it("defaults to a 3-day cutoff: old unreachable files go, young ones and every reachable file stay", async () => {
    expect(DEFAULT_ORPHAN_AGE_MS).toBe(3 * DAY);
    const dry = await removeOrphanFiles(table, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.orphanFiles.map(toLocalPath)).toEqual(junk.old);
    for (const f of junk.old) expect(fs.existsSync(f)).toBe(true);

    const result = await removeOrphanFiles(table);
    expect(result.orphanFiles.map(toLocalPath)).toEqual(junk.old);
    expect(filesUnder(table.location)).toEqual([...committed, junk.young].sort());
    // Every snapshot, including the replaced ones, still reads back.
    const [s1, s2, s3] = table.metadata.snapshots.map((s) => s.snapshotId);
    expect(await rowsOf(table, { snapshotId: s1! })).toEqual(expectedOf("a"));
    expect(await rowsOf(table, { snapshotId: s2! })).toEqual(expectedOf("a", "b"));
    expect(await rowsOf(table, { snapshotId: s3! })).toEqual(expectedOf("c"));
  });

  it("takes the cutoff as a Date or epoch ms, and keeps the metadata-log's older metadata files", async () => {
    const result = await removeOrphanFiles(table, { olderThan: new Date(Date.now() + 1_000) });
    expect(result.orphanFiles.map(toLocalPath)).toEqual([...junk.old, junk.young].sort());
    expect(filesUnder(table.location)).toEqual(committed);
    const logged = table.metadata.metadataLog.map((e) => toLocalPath(e.metadataFile));
    expect(logged.length).toBe(2);
    for (const f of logged) expect(fs.existsSync(f)).toBe(true);
    const none = await removeOrphanFiles(table, { olderThan: Date.now() + 60_000 });
    expect(none.orphanFiles).toEqual([]);
  });

  it("cleans only inside the given folder of the table, and refuses one outside it", async () => {
    const data = `${table.location}/data`;
    const result = await removeOrphanFiles(table, { olderThan: Date.now() + 1_000, location: data });
    expect(result.orphanFiles.map(toLocalPath)).toEqual(
      [...junk.old.filter((f) => f.includes("/data/")), junk.young].sort(),
    );
    await expect(removeOrphanFiles(table, { location: toFileUri(tmp.dir) })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    await expect(removeOrphanFiles(table, { olderThan: Number.NaN })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("refuses to delete anything when the metadata names its files under another folder (a moved table)", async () => {
    // A copy of the table folder whose metadata says it lives in the copy, while its manifests
    // still name the original's files: a location-based cleanup would delete live data.
    const copy = path.join(tmp.dir, "moved");
    fs.cpSync(toLocalPath(table.location), copy, { recursive: true });
    const metadataFile = path.join(copy, "metadata", path.basename(toLocalPath(table.metadataLocation)));
    const text = fs
      .readFileSync(metadataFile, "utf8")
      .replace(
        `"location": ${JSON.stringify(table.location)}`,
        `"location": ${JSON.stringify(toFileUri(copy))}`,
      );
    fs.writeFileSync(metadataFile, text);
    const moved = await catalog.registerTable("db.moved", toFileUri(metadataFile));
    expect(moved.location).toBe(toFileUri(copy));
    const before = filesUnder(copy);
    await expect(removeOrphanFiles(moved, { olderThan: Date.now() + 1_000 })).rejects.toMatchObject({
      code: "LOCATION_MISMATCH",
    });
    expect(filesUnder(copy)).toEqual(before);
  });

  it("leaves alone a table whose folder lies inside this table's (namespace db.t, table x)", async () => {
    await catalog.createNamespace("db.t");
    await catalog.writeTo("db.t.x").createOrReplace(batch("x"));
    const inner = await catalog.loadTable("db.t.x");
    expect(toLocalPath(inner.location).startsWith(`${toLocalPath(table.location)}/`)).toBe(true);
    const innerFiles = filesUnder(inner.location);
    for (const f of innerFiles) age(f, 4 * DAY);
    const result = await removeOrphanFiles(table, { olderThan: Date.now() + 1_000 });
    expect(result.orphanFiles.map(toLocalPath)).toEqual([...junk.old, junk.young].sort());
    expect(filesUnder(inner.location)).toEqual(innerFiles);
    expect(await rowsOf(inner)).toEqual(expectedOf("x"));
  });

  it("deletes nothing when a manifest is missing (reachability unknown) and names it", async () => {
    const manifests = await table.manifests();
    const manifest = String(manifests.getChild("path")!.get(0));
    fs.rmSync(toLocalPath(manifest));
    const err = await removeOrphanFiles(table, { olderThan: Date.now() + 1_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "FILE_NOT_FOUND" });
    expect((err as Error).message).toContain(path.basename(toLocalPath(manifest)));
    for (const f of [...junk.old, junk.young]) expect(fs.existsSync(f)).toBe(true);
  });
});

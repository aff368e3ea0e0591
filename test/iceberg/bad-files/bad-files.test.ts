import * as fs from "node:fs";
import * as path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toLocalPath } from "../../../src/iceberg/io/local-file-io";
import { removeOrphanFiles } from "../../../src/iceberg/maintenance";
import { type IcebergCatalog, openCatalog, type Table } from "../../../src/iceberg/table";
import { batch, dataFilesOf, filesUnder, tempDir } from "../maintenance/helpers";

/**
 * Damaged files: every read names the damaged file in a typed error, and every write that
 * meets one fails before anything is committed or left behind.
 */
describe("bad files in a table", () => {
  let tmp: ReturnType<typeof tempDir>;
  let catalog: IcebergCatalog;
  let table: Table;
  let files: string[];
  beforeEach(async () => {
    tmp = tempDir("lakelab-bad-");
    catalog = await openCatalog({ warehouse: tmp.dir });
    await catalog.createNamespace("db");
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    await catalog.writeTo("db.t").append(batch("b"));
    table = await catalog.loadTable("db.t");
    files = filesUnder(table.location);
  });
  afterEach(() => {
    catalog.close();
    tmp.cleanup();
  });

  const pointer = (): string => {
    const db = new Database(path.join(tmp.dir, "catalog.db"), { readonly: true });
    try {
      return (db.prepare("SELECT metadata_location AS loc FROM iceberg_tables").get() as { loc: string }).loc;
    } finally {
      db.close();
    }
  };

  /** `fn` fails with `code` and a message naming `file`; the catalog and the files are as before. */
  async function failsNaming(fn: () => Promise<unknown>, code: string, file: string): Promise<void> {
    const before = pointer();
    const err = await fn().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, `expected ${code} naming ${path.basename(file)}`).toMatchObject({ code });
    expect((err as Error).message).toContain(path.basename(file));
    expect(pointer()).toBe(before);
    expect(filesUnder(table.location)).toEqual(files);
  }

  const truncate = (file: string, keep = 0.5) => {
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * keep)));
  };
  const manifestList = () => toLocalPath(table.currentSnapshot()!.manifestList);
  const firstManifest = async () => toLocalPath(String((await table.manifests()).getChild("path")!.get(0)));

  it("corrupt metadata JSON: loading, appending and replacing fail with METADATA_CORRUPT", async () => {
    const metadataFile = toLocalPath(table.metadataLocation);
    truncate(metadataFile);
    await failsNaming(() => catalog.loadTable("db.t"), "METADATA_CORRUPT", metadataFile);
    await failsNaming(() => catalog.writeTo("db.t").append(batch("c")), "METADATA_CORRUPT", metadataFile);
    await failsNaming(
      () => catalog.writeTo("db.t").createOrReplace(batch("c")),
      "METADATA_CORRUPT",
      metadataFile,
    );
  });

  it("truncated manifest list: scan and append fail with FILE_CORRUPT", async () => {
    const list = manifestList();
    truncate(list);
    await failsNaming(() => table.scan().toRecords(), "FILE_CORRUPT", list);
    await failsNaming(() => catalog.writeTo("db.t").append(batch("c")), "FILE_CORRUPT", list);
  });

  it("truncated manifest: scan, replace and orphan removal fail with FILE_CORRUPT", async () => {
    const manifest = await firstManifest();
    truncate(manifest, 0.6);
    await failsNaming(() => table.scan().toRecords(), "FILE_CORRUPT", manifest);
    await failsNaming(() => catalog.writeTo("db.t").createOrReplace(batch("c")), "FILE_CORRUPT", manifest);
    await failsNaming(
      () => removeOrphanFiles(table, { olderThan: Date.now() + 1_000 }),
      "FILE_CORRUPT",
      manifest,
    );
  });

  it("wrong Avro magic in a manifest: FILE_CORRUPT", async () => {
    const manifest = await firstManifest();
    const bytes = fs.readFileSync(manifest);
    bytes.write("PAR1", 0);
    fs.writeFileSync(manifest, bytes);
    await failsNaming(() => table.scan().toRecords(), "FILE_CORRUPT", manifest);
  });

  it("missing manifest or data file: FILE_NOT_FOUND", async () => {
    const manifest = await firstManifest();
    const data = (await dataFilesOf(table, table.currentSnapshot()!.snapshotId))[0]!;
    fs.rmSync(data);
    files = filesUnder(table.location);
    await failsNaming(() => table.scan().toRecords(), "FILE_NOT_FOUND", data);
    fs.rmSync(manifest);
    files = filesUnder(table.location);
    await failsNaming(() => table.scan().toRecords(), "FILE_NOT_FOUND", manifest);
  });

  it("wrong Parquet magic at either end of a data file: FILE_CORRUPT", async () => {
    const data = (await dataFilesOf(table, table.currentSnapshot()!.snapshotId))[0]!;
    const good = fs.readFileSync(data);
    const head = Buffer.from(good);
    head.write("OBJ1", 0);
    fs.writeFileSync(data, head);
    await failsNaming(() => table.scan().toRecords(), "FILE_CORRUPT", data);
    const tail = Buffer.from(good);
    tail.write("XXXX", tail.length - 4);
    fs.writeFileSync(data, tail);
    await failsNaming(() => table.scan().toRecords(), "FILE_CORRUPT", data);
    truncate(data);
    await failsNaming(() => table.scan().toRecords(), "FILE_CORRUPT", data);
  });
});

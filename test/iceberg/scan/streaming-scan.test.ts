import { rmSync } from "node:fs";
import * as arrow from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError } from "../../../src/errors";
import { LocalFileIO, toLocalPath } from "../../../src/iceberg/io";
import { TableScan } from "../../../src/iceberg/scan/table-scan";
import type { IcebergCatalog } from "../../../src/iceberg/table";
import { tempCatalog } from "../table/fixture";

/** Local files, counting the data files read whole. */
class CountingIO extends LocalFileIO {
  readonly dataReads: string[] = [];
  override async read(location: string): Promise<Uint8Array> {
    if (location.endsWith(".parquet")) this.dataReads.push(location);
    return super.read(location);
  }
}

function batch(from: number, n: number): arrow.Table {
  return new arrow.Table({
    id: arrow.makeVector(new BigInt64Array(n).map((_, i) => BigInt(from + i))),
    name: arrow.vectorFromArray(
      Array.from({ length: n }, (_, i) => `n${from + i}`),
      new arrow.Utf8(),
    ),
  });
}

describe("toArrowBatches", () => {
  let catalog: IcebergCatalog;
  let close: () => void;
  beforeEach(async () => {
    ({ catalog, close } = await tempCatalog());
    await catalog.writeTo("default.t").createOrReplace(batch(0, 100));
    for (let k = 1; k < 6; k++) await catalog.writeTo("default.t").append(batch(k * 100, 100));
  });
  afterEach(() => close());

  it("yields the rows of toArrow, in the same order, as batches of the scan's schema", async () => {
    const table = await catalog.loadTable("default.t");
    const whole = await table.scan().toArrow();
    const ids: bigint[] = [];
    let batches = 0;
    for await (const b of table.scan({ columns: ["name", "id"] }).toArrowBatches()) {
      batches++;
      expect(b.schema.fields.map((f) => f.name)).toEqual(["name", "id"]);
      for (const id of b.getChild("id")!.toArray() as BigInt64Array) ids.push(id);
    }
    expect(batches).toBe(6);
    expect(whole.numRows).toBe(600);
    expect(new BigInt64Array(ids)).toEqual(whole.getChild("id")!.toArray());
  });

  it("reads no more than readAhead files past the batch being consumed, and none after a break", async () => {
    const table = await catalog.loadTable("default.t");
    const io = new CountingIO();
    const scan = new TableScan(table.metadata, io);
    for await (const b of scan.toArrowBatches({ readAhead: 2 })) {
      expect(b.numRows).toBe(100);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
    // the first file, then at most two ahead of it
    expect(io.dataReads.length).toBeGreaterThanOrEqual(1);
    expect(io.dataReads.length).toBeLessThanOrEqual(3);
    const all = new CountingIO();
    let rows = 0;
    for await (const b of new TableScan(table.metadata, all).toArrowBatches({ readAhead: 1 }))
      rows += b.numRows;
    expect(rows).toBe(600);
    expect(new Set(all.dataReads).size).toBe(6);
  });

  it("gives the batches before a missing file, then its FILE_NOT_FOUND", async () => {
    const table = await catalog.loadTable("default.t");
    const paths = (await table.files()).getChild("file_path")!.toArray() as string[];
    const ordered = [];
    for await (const b of table.scan().toArrowBatches()) ordered.push(Number(b.getChild("id")!.get(0)));
    // remove the file the 4th batch came from
    const fourth = ordered[3]!;
    const scanFiles = await table.scan().planFiles();
    const victim = scanFiles.find((t) => firstId(t.dataFile.lowerBounds!.get(1)!) === fourth)!;
    expect(paths).toContain(victim.dataFile.filePath);
    rmSync(toLocalPath(victim.dataFile.filePath));
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const b of table.scan().toArrowBatches()) seen.push(Number(b.getChild("id")!.get(0)));
    } catch (err) {
      error = err;
    }
    expect(seen).toEqual(ordered.slice(0, 3));
    expect(isLakelabError(error, "FILE_NOT_FOUND")).toBe(true);
  });
});

/** A long lower bound (8 bytes little-endian) as a number. */
function firstId(bound: Uint8Array): number {
  return Number(new DataView(bound.buffer, bound.byteOffset, 8).getBigInt64(0, true));
}

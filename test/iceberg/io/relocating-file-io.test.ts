import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalFileIO } from "../../../src/iceberg/io/local-file-io";
import { RelocatingFileIO } from "../../../src/iceberg/io/relocating-file-io";

describe("RelocatingFileIO", () => {
  const root = "/srv/tables/t1";
  const io = new RelocatingFileIO(new LocalFileIO(), root, "hdfs://nn:8020/warehouse/db/t1");

  it("maps foreign absolute paths, URIs and relative paths into the folder by their /metadata/ or /data/ suffix", () => {
    const cases: [string, string][] = [
      ["hdfs://nn:8020/warehouse/db/t1/metadata/snap-1.avro", "metadata/snap-1.avro"],
      ["/warehouse/db/t1/data/a=1/f.parquet", "data/a=1/f.parquet"],
      ["s3://bucket/elsewhere/t1/data/f.parquet", "data/f.parquet"],
      ["s3a://bucket/x/metadata/v3.metadata.json", "metadata/v3.metadata.json"],
      ["file:///tmp/iceberg/t1/data/ts_day=2023-03-01/f.parquet", "data/ts_day=2023-03-01/f.parquet"],
      ["lineitem_iceberg/metadata/snap-2.avro", "metadata/snap-2.avro"],
      // A table whose own location contains /data/: the recorded location is stripped first.
      ["warehouse/db/t1/metadata/m0.avro", "metadata/m0.avro"],
    ];
    for (const [from, rel] of cases) expect(io.resolve(from), from).toBe(path.join(root, rel));
    const rel = new RelocatingFileIO(new LocalFileIO(), root, "data/persistent/warehouse/t");
    expect(rel.resolve("data/persistent/warehouse/t/metadata/snap.avro")).toBe(
      path.join(root, "metadata/snap.avro"),
    );
    expect(rel.resolve("data/persistent/warehouse/t/data/name=a/x.parquet")).toBe(
      path.join(root, "data/name=a/x.parquet"),
    );
  });

  it("leaves paths already inside the folder alone", () => {
    expect(io.resolve(`${root}/data/f.parquet`)).toBe(`${root}/data/f.parquet`);
    expect(io.resolve(`file://${root}/metadata/x.avro`)).toBe(`${root}/metadata/x.avro`);
  });
});

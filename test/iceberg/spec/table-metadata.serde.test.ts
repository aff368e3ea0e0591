import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import { parseJson } from "../../../src/iceberg/spec/json";
import { parseTableMetadata, serializeTableMetadata } from "../../../src/iceberg/spec/table-metadata.serde";
import { FIXTURE_TABLES, FIXTURES } from "./fixtures";

function expected(table: string): {
  metadata_file: string;
  format_version: number;
  current_snapshot_id: bigint;
  snapshots: { snapshot_id: bigint; sequence_number: bigint | number | null }[];
} {
  return parseJson(readFileSync(path.join(FIXTURES, "_expected", `${table}.json`), "utf8")) as never;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof LakelabError ? `${err.code}: ${err.message}` : String(err);
  }
  return undefined;
}

describe("parseTableMetadata on foreign tables", () => {
  for (const table of FIXTURE_TABLES) {
    it(`${table}: version, exact snapshot ids, sequence numbers`, () => {
      const exp = expected(table);
      const file = path.join(FIXTURES, table, "metadata", exp.metadata_file);
      const m = parseTableMetadata(readFileSync(file, "utf8"), file);
      expect(m.formatVersion).toBe(exp.format_version);
      expect(m.currentSnapshotId).toBe(BigInt(exp.current_snapshot_id));
      expect(m.snapshots.map((s) => s.snapshotId)).toEqual(exp.snapshots.map((s) => BigInt(s.snapshot_id)));
      expect(m.snapshots.map((s) => s.sequenceNumber)).toEqual(
        exp.snapshots.map((s) => BigInt(s.sequence_number ?? 0)),
      );
      expect(m.refs.main?.snapshotId).toBe(m.currentSnapshotId);
      // Round trip through our writer keeps every id exact.
      const again = parseTableMetadata(serializeTableMetadata(m));
      expect(again).toEqual(m);
    });
  }

  it("reads v1 legacy schema and partition-spec fields", () => {
    const file = path.join(FIXTURES, "spark_v1_day_partitioned/metadata/v2.metadata.json");
    const m = parseTableMetadata(readFileSync(file, "utf8"), file);
    expect(m.partitionSpecs[0]!.fields).toEqual([
      { sourceId: 3, fieldId: 1000, name: "ts_day", transform: "day" },
    ]);
    expect(m.schemas[0]!.fields.map((f) => [f.id, f.name, f.type])).toEqual([
      [1, "id", "int"],
      [2, "str", "string"],
      [3, "ts", "timestamp"],
    ]);
    expect(m.lastSequenceNumber).toBe(0n);
    const legacyOnly = JSON.parse(readFileSync(file, "utf8"));
    delete legacyOnly.schemas;
    delete legacyOnly["partition-specs"];
    delete legacyOnly["current-snapshot-id"];
    const n = parseTableMetadata(JSON.stringify(legacyOnly).replace("7051579356916758811", "1"), "legacy");
    expect(n.partitionSpecs[0]!.fields[0]!.fieldId).toBe(1000);
    expect(n.schemas[0]!.fields).toHaveLength(3);
  });
});

describe("serializeTableMetadata", () => {
  it("writes v2 required fields in kebab-case with exact ids", () => {
    const file = path.join(FIXTURES, "javaapi_v2_eqdeletes_partitioned/metadata/v6.metadata.json");
    const text = serializeTableMetadata(parseTableMetadata(readFileSync(file, "utf8"), file));
    for (const key of [
      "format-version",
      "table-uuid",
      "location",
      "last-sequence-number",
      "last-updated-ms",
      "last-column-id",
      "schemas",
      "current-schema-id",
      "partition-specs",
      "default-spec-id",
      "last-partition-id",
      "sort-orders",
      "default-sort-order-id",
      "snapshot-log",
      "metadata-log",
      "refs",
    ]) {
      expect(text).toContain(`"${key}"`);
    }
    expect(text).toContain('"current-snapshot-id": 3138177759849079112');
    expect(text).toContain('"snapshot-id": 6447922032991303611');
    expect(text).not.toContain("6447922032991303000");
  });

  it("writes -1 for a table without snapshots and reads it back as none", () => {
    const file = path.join(FIXTURES, "javaapi_v2_eqdeletes_partitioned/metadata/v1.metadata.json");
    const m = parseTableMetadata(readFileSync(file, "utf8"), file);
    expect(m.currentSnapshotId).toBeUndefined();
    const text = serializeTableMetadata(m);
    expect(text).toContain('"current-snapshot-id": -1');
    expect(parseTableMetadata(text).currentSnapshotId).toBeUndefined();
  });
});

describe("bad metadata", () => {
  const good = readFileSync(
    path.join(
      FIXTURES,
      "pyiceberg_v2_appends/metadata/00003-9d6a621e-8a72-4190-a880-f6ca02e32b86.metadata.json",
    ),
    "utf8",
  );

  it("corrupt JSON → METADATA_CORRUPT naming the file", () => {
    expect(codeOf(() => parseTableMetadata(good.slice(0, 200), "/x/00003.metadata.json"))).toMatch(
      /^METADATA_CORRUPT: \/x\/00003.metadata.json is not valid JSON/,
    );
  });

  it("a missing required field → METADATA_CORRUPT naming file and field", () => {
    const o = JSON.parse(good);
    delete o["last-column-id"];
    expect(codeOf(() => parseTableMetadata(JSON.stringify(o), "t.json"))).toMatch(
      /^METADATA_CORRUPT: t.json: required field 'last-column-id' is missing/,
    );
  });

  it("a wrongly typed snapshot id → METADATA_CORRUPT naming the path", () => {
    const o = JSON.parse(good);
    o.snapshots[1]["snapshot-id"] = "abc";
    expect(codeOf(() => parseTableMetadata(JSON.stringify(o), "t.json"))).toMatch(
      /snapshots\[1\]\.snapshot-id/,
    );
  });

  it("a current snapshot that does not exist → METADATA_CORRUPT", () => {
    const o = JSON.parse(
      good.replace('"current-snapshot-id":4694394728259848547', '"current-snapshot-id":42'),
    );
    o.refs = {};
    expect(codeOf(() => parseTableMetadata(JSON.stringify(o), "t.json"))).toMatch(
      /^METADATA_CORRUPT: .*current-snapshot-id 42/,
    );
  });

  it("format-version 3 → UNSUPPORTED_FEATURE naming it", () => {
    const o = JSON.parse(good);
    o["format-version"] = 3;
    expect(codeOf(() => parseTableMetadata(JSON.stringify(o), "t.json"))).toMatch(
      /^UNSUPPORTED_FEATURE: .*format-version 3/,
    );
  });

  it("a v1 snapshot listing manifests inline → NOT_SUPPORTED naming the field", () => {
    const o = JSON.parse(good);
    o["format-version"] = 1;
    delete o.snapshots[0]["manifest-list"];
    o.snapshots[0].manifests = ["/t/metadata/m0.avro"];
    expect(codeOf(() => parseTableMetadata(JSON.stringify(o), "t.json"))).toMatch(
      /^NOT_SUPPORTED: t.json: snapshots\[0\] lists manifests inline/,
    );
  });

  it("the variant type → UNSUPPORTED_FEATURE only when read; unknown type names fail to parse", () => {
    const o = JSON.parse(good);
    o.schemas[0].fields[1].type = "geometry";
    expect(codeOf(() => parseTableMetadata(JSON.stringify(o), "t.json"))).toMatch(
      /^UNSUPPORTED_FEATURE: .*'geometry'/,
    );
  });
});

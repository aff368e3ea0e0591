import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import { readAvroFile } from "../../../src/iceberg/avro/avro-file-reader";
import { writeAvroFile } from "../../../src/iceberg/avro/avro-file-writer";
import type { JsonValue } from "../../../src/iceberg/spec/json";
import { FIXTURE_TABLES, FIXTURES } from "../spec/fixtures";
import { avscDecode } from "./avsc-reference";

const FIX = path.join(__dirname, "fixtures");

function fixtureAvroFiles(): string[] {
  return FIXTURE_TABLES.flatMap((t) =>
    readdirSync(path.join(FIXTURES, t, "metadata"))
      .filter((f) => f.endsWith(".avro"))
      .map((f) => path.join(FIXTURES, t, "metadata", f)),
  );
}

/** Our Maps as plain objects, to compare with avsc which decodes Avro maps to objects. */
function plain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object" && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

function errorOf(fn: () => unknown): LakelabError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LakelabError) return err;
    throw err;
  }
  throw new Error("expected an error");
}

describe("readAvroFile on every manifest and manifest list of the fixture tables", () => {
  const files = fixtureAvroFiles();
  it("finds the fixture files", () => expect(files.length).toBeGreaterThanOrEqual(20));
  for (const file of files) {
    it(`${path.relative(FIXTURES, file)} decodes like avsc`, async () => {
      const bytes = new Uint8Array(readFileSync(file));
      const ours = readAvroFile(bytes, file);
      const ref = await avscDecode(bytes);
      expect(ours.records.length).toBeGreaterThan(0);
      expect(plain(ours.records)).toEqual(ref.records);
      expect(Object.fromEntries(ours.metadata)).toEqual(ref.header);
    });
  }
});

describe("codecs", () => {
  const deflated = path.join(
    FIXTURES,
    "pyiceberg_v2_appends/metadata/snap-4694394728259848547-0-2aeec77d-bbe8-4b0a-8105-3093ce4ea02a.avro",
  );
  const base = readAvroFile(new Uint8Array(readFileSync(deflated)), deflated);

  // Both files re-encode the blocks of the deflate file above: zstandard with the zstd CLI, snappy with snappyjs.
  for (const codec of ["zstandard", "snappy"]) {
    it(`reads ${codec} blocks to the same records as deflate`, () => {
      const file = path.join(FIX, `manifest-list-${codec}.avro`);
      const f = readAvroFile(new Uint8Array(readFileSync(file)), file);
      expect(f.codec).toBe(codec);
      expect(f.records).toEqual(base.records);
      expect((f.records[0] as { added_snapshot_id: bigint }).added_snapshot_id).toBe(4694394728259848547n);
    });
  }

  it("a snappy block whose CRC does not match → FILE_CORRUPT", () => {
    const file = path.join(FIX, "manifest-list-snappy.avro");
    const bytes = new Uint8Array(readFileSync(file));
    bytes[bytes.length - 17] ^= 0xff; // last CRC byte, just before the final sync marker
    const err = errorOf(() => readAvroFile(bytes, "bad-crc.avro"));
    expect(err.code).toBe("FILE_CORRUPT");
    expect(err.message).toMatch(/bad-crc.avro: .*CRC/);
  });
});

describe("writeAvroFile", () => {
  const schema: JsonValue = {
    type: "record",
    name: "manifest_file",
    fields: [
      { name: "id", type: "long", "field-id": 500 },
      { name: "n", type: ["null", "int"], default: null, "field-id": 501 },
      { name: "s", type: "string", "field-id": 502 },
      { name: "b", type: ["null", "bytes"], default: null, "field-id": 503 },
      { name: "d", type: "double", "field-id": 504 },
      { name: "ok", type: "boolean", "field-id": 505 },
      {
        name: "kv",
        type: [
          "null",
          {
            type: "array",
            logicalType: "map",
            items: {
              type: "record",
              name: "k1_v2",
              fields: [
                { name: "key", type: "int", "field-id": 1 },
                { name: "value", type: "long", "field-id": 2 },
              ],
            },
          },
        ],
        default: null,
        "field-id": 506,
      },
      { name: "m", type: { type: "map", values: "string" }, "field-id": 507 },
    ],
  };
  const records = Array.from({ length: 2500 }, (_, i) => ({
    id: i === 7 ? 9223372036854775807n : i === 8 ? -9223372036854775808n : BigInt(i) * 1000000000000003n,
    n: i % 3 === 0 ? null : i - 1000,
    s: `é-${i}`,
    b: i % 2 === 0 ? null : new Uint8Array([i & 255, 0, 255]),
    d: i / 7,
    ok: i % 2 === 0,
    kv: i % 5 === 0 ? null : [{ key: i, value: BigInt(-i) }],
    m: new Map([["k", String(i)]]),
  }));

  for (const codec of ["null", "deflate", "snappy"] as const) {
    it(`${codec}: read back by lakelab and by avsc, ids beyond 2^53 exact, header keys kept`, async () => {
      const bytes = writeAvroFile(schema, records, {
        codec,
        metadata: { "format-version": "2", "snapshot-id": "5173553188971266738" },
      });
      const ours = readAvroFile(bytes, "mem.avro");
      expect(ours.records).toEqual(records);
      expect(ours.metadata.get("snapshot-id")).toBe("5173553188971266738");
      const ref = await avscDecode(bytes);
      expect(ref.records).toEqual(plain(records));
      expect(ref.header["format-version"]).toBe("2");
      // field-id attributes survive in the written schema
      const written = JSON.parse(ref.header["avro.schema"]!);
      expect(written.fields.map((f: { "field-id": number }) => f["field-id"])).toEqual([
        500, 501, 502, 503, 504, 505, 506, 507,
      ]);
      expect(written.fields[6].type[1].items.fields[1]["field-id"]).toBe(2);
    });
  }

  it("refuses a long outside 64 bits", () => {
    expect(errorOf(() => writeAvroFile(schema, [{ ...records[0], id: 2n ** 63n }])).code).toBe(
      "INVALID_ARGUMENT",
    );
  });

  it("refuses a value that does not fit the schema with INVALID_ARGUMENT naming the field", () => {
    const err = errorOf(() => writeAvroFile(schema, [{ ...records[0], s: 5 }]));
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(err.message).toContain("$.s");
  });
});

describe("corrupt files → FILE_CORRUPT naming the file", () => {
  const file = path.join(
    FIXTURES,
    "javaapi_v2_eqdeletes_partitioned/metadata/36f9b154-c2d2-411f-9f29-9d23d46d688b-m0.avro",
  );
  const bytes = new Uint8Array(readFileSync(file));

  it("wrong magic", () => {
    const copy = bytes.slice();
    copy[0] = 0x50;
    const err = errorOf(() => readAvroFile(copy, "/t/m0.avro"));
    expect(err.code).toBe("FILE_CORRUPT");
    expect(err.message).toMatch(/^\/t\/m0.avro .*magic/);
  });

  for (const cut of [10, 200, bytes.length - 40, bytes.length - 1]) {
    it(`truncated to ${cut} bytes`, () => {
      const err = errorOf(() => readAvroFile(bytes.slice(0, cut), "/t/m0.avro"));
      expect(err.code).toBe("FILE_CORRUPT");
      expect(err.message).toContain("/t/m0.avro");
    });
  }

  it("sync marker mismatch", () => {
    const copy = bytes.slice();
    copy[copy.length - 1] ^= 1;
    const err = errorOf(() => readAvroFile(copy, "/t/m0.avro"));
    expect(err.code).toBe("FILE_CORRUPT");
    expect(err.message).toMatch(/sync marker/);
  });

  it("an unknown codec → UNSUPPORTED_FEATURE naming it", () => {
    const copy = new Uint8Array(
      Buffer.from(Buffer.from(bytes).toString("latin1").replace("deflate", "bzip2xx"), "latin1"),
    );
    const err = errorOf(() => readAvroFile(copy, "/t/m0.avro"));
    expect(err.code).toBe("UNSUPPORTED_FEATURE");
    expect(err.message).toMatch(/\/t\/m0.avro: Avro codec 'bzip2xx'/);
  });
});

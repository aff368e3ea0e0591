/**
 * Applies v2 row-level deletes to one data file's rows: position deletes (file_path, pos) and
 * equality deletes (rows whose equality_ids columns equal a delete row; null equals null).
 * Each delete file is read once per scan and shared by the data files it applies to.
 */
import type * as arrow from "apache-arrow";
import { LakelabError } from "../../errors";
import type { IcebergValue } from "../expressions/literal";
import type { FileIO } from "../io/file-io";
import type { NestedField, Schema } from "../spec/schema";
import { columnReader } from "./column-reader";
import type { DeleteFileRef } from "./file-scan-task";
import { pathKey } from "./path-key";
import { readDataFile } from "./read-data-file";

// Reserved field ids of position delete files (format/spec.md "Position Delete Files").
const FILE_PATH: NestedField = { id: 2147483546, name: "file_path", required: true, type: "string" };
const POS: NestedField = { id: 2147483545, name: "pos", required: true, type: "long" };

/** A value as a string key: equal Iceberg values of one type give equal keys. */
export function valueKey(v: IcebergValue | null): string {
  if (v === null) return "\u0000";
  if (typeof v === "bigint") return `${v}n`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString("hex")}`;
  return typeof v === "string" ? `s${v}` : `${typeof v}${String(v)}`;
}

function primitiveFields(schema: Schema, ids: readonly number[], where: string): NestedField[] {
  // Top-level columns only: the data file is read (and matched) column by column.
  return ids.map((id) => {
    const f = schema.fields.find((x) => x.id === id);
    if (!f || typeof f.type !== "string") {
      throw new LakelabError(
        "UNSUPPORTED_FEATURE",
        `${where}: equality delete on field id ${id}, which is not a top-level primitive column of the scanned schema`,
        {
          context: { where, feature: `equality delete on field ${id}` },
        },
      );
    }
    return f;
  });
}

export class DeleteLoader {
  private readonly positions = new Map<string, Promise<Map<string, number[]>>>();
  private readonly equality = new Map<string, Promise<Set<string>>>();

  constructor(
    private readonly io: FileIO,
    private readonly schema: Schema,
  ) {}

  /** Field ids a data file must be read with so its equality deletes can be applied. */
  equalityFieldIds(deletes: readonly DeleteFileRef[]): number[] {
    return [
      ...new Set(
        deletes.flatMap((d) => (d.file.content === "equality-deletes" ? (d.file.equalityIds ?? []) : [])),
      ),
    ];
  }

  private positionsOf(location: string): Promise<Map<string, number[]>> {
    let p = this.positions.get(location);
    if (!p) {
      p = (async () => {
        const t = await readDataFile(this.io, location, [FILE_PATH, POS]);
        const paths = columnReader(t.getChildAt(0)!, "string");
        const pos = columnReader(t.getChildAt(1)!, "long");
        const out = new Map<string, number[]>();
        for (let i = 0; i < t.numRows; i++) {
          const key = pathKey(paths(i) as string);
          const list = out.get(key) ?? [];
          list.push(Number(pos(i) as bigint));
          out.set(key, list);
        }
        return out;
      })();
      this.positions.set(location, p);
    }
    return p;
  }

  private equalityOf(d: DeleteFileRef): Promise<Set<string>> {
    const location = d.file.filePath;
    let p = this.equality.get(location);
    if (!p) {
      p = (async () => {
        const fields = primitiveFields(this.schema, d.file.equalityIds ?? [], location);
        const t = await readDataFile(this.io, location, fields);
        const readers = fields.map((f, i) => columnReader(t.getChildAt(i)!, f.type as never));
        const out = new Set<string>();
        for (let i = 0; i < t.numRows; i++) out.add(readers.map((r) => valueKey(r(i))).join("\u0001"));
        return out;
      })();
      this.equality.set(location, p);
    }
    return p;
  }

  /** Clears deleted rows of `table` (read from `dataPath`) in `keep`. */
  async apply(
    table: arrow.Table,
    dataPath: string,
    deletes: readonly DeleteFileRef[],
    keep: Uint8Array,
  ): Promise<void> {
    const key = pathKey(dataPath);
    for (const d of deletes) {
      if (d.file.content === "position-deletes") {
        for (const pos of (await this.positionsOf(d.file.filePath)).get(key) ?? [])
          if (pos < keep.length) keep[pos] = 0;
        continue;
      }
      const set = await this.equalityOf(d);
      if (set.size === 0) continue;
      const fields = primitiveFields(this.schema, d.file.equalityIds ?? [], d.file.filePath);
      const readers = fields.map((f) => columnReader(table.getChild(f.name)!, f.type as never));
      for (let i = 0; i < keep.length; i++) {
        if (keep[i] && set.has(readers.map((r) => valueKey(r(i))).join("\u0001"))) keep[i] = 0;
      }
    }
  }
}

import { Field, Float64, Int8, Int32, List, Struct, Table, Type, Utf8, type Vector } from "apache-arrow";
import { LakelabError } from "../errors";
import type { CsrMatrix } from "./csr-matrix";
import { TokenColumn } from "./token-column";

/** Rows of equal-length dense vectors, row-major (rawPrediction, probability). */
export interface DenseRows {
  readonly kind: "dense";
  readonly numRows: number;
  readonly numCols: number;
  readonly values: Float64Array;
}

/** A column as the ml stages hold it internally: columnar, never one object per row when avoidable. */
export type ColumnData = readonly unknown[] | Float64Array | CsrMatrix | DenseRows;

/** A column as a frame stores it: Tokenizer's output stays a TokenColumn until it is read. */
export type StoredColumn = ColumnData | TokenColumn;

/** The user's input, kept so the output can be the same kind (records, Arrow Table, danfojs). */
export type FrameSource =
  | { readonly kind: "records"; readonly rows: readonly object[] }
  | { readonly kind: "arrow"; readonly table: Table }
  | { readonly kind: "danfo"; readonly df: DanfoFrame };

/** The part of a danfojs DataFrame the stages use (danfojs itself loads lazily). */
export interface DanfoFrame {
  readonly columns: string[];
  readonly shape: number[];
  column(name: string): { readonly values: readonly unknown[] };
  addColumn(name: string, values: unknown[], options: { inplace: false }): DanfoFrame;
}

/**
 * Tabular input accepted by every stage: records (any object type, e.g. an array of an interface
 * `{ text: string; label: number }`), an Arrow Table or a danfojs DataFrame.
 */
export type MlData = readonly object[] | Table | DanfoFrame;

/**
 * The columnar view the stages pass between each other: the source plus the columns added so far.
 * Output (`toOutput`) is the source's kind with the added columns appended.
 */
export class Frame {
  private readonly cache = new Map<string, StoredColumn>();

  private constructor(
    readonly source: FrameSource,
    readonly numRows: number,
    private readonly added: ReadonlyMap<string, StoredColumn>,
  ) {}

  static of(data: MlData | Frame): Frame {
    if (data instanceof Frame) return data;
    if (data instanceof Table) return new Frame({ kind: "arrow", table: data }, data.numRows, new Map());
    if (Array.isArray(data)) return new Frame({ kind: "records", rows: data }, data.length, new Map());
    const df = data as DanfoFrame;
    if (Array.isArray(df.columns) && Array.isArray(df.shape) && typeof df.column === "function") {
      return new Frame({ kind: "danfo", df }, df.shape[0] ?? 0, new Map());
    }
    throw new LakelabError(
      "INVALID_ARGUMENT",
      "ml input must be an array of records, an apache-arrow Table or a danfojs DataFrame",
    );
  }

  has(name: string): boolean {
    if (this.added.has(name)) return true;
    const s = this.source;
    switch (s.kind) {
      case "records":
        return s.rows.length === 0 || name in s.rows[0]!;
      case "arrow":
        return s.table.schema.fields.some((f) => f.name === name);
      case "danfo":
        return s.df.columns.includes(name);
      default:
        return unreachable(s);
    }
  }

  /** The column `name`; `param` is the stage parameter that named it (for the error message). */
  column(name: string, param: string): ColumnData {
    const data = this.stored(name, param);
    return data instanceof TokenColumn ? data.lists() : data;
  }

  /** The column `name` as stored: a TokenColumn stays one (HashingTF hashes its texts directly). */
  stored(name: string, param: string): StoredColumn {
    const added = this.added.get(name) ?? this.cache.get(name);
    if (added !== undefined) return added;
    if (!this.has(name)) {
      throw new LakelabError(
        "COLUMN_NOT_FOUND",
        `${param} '${name}' is not a column of the input; columns are: ${this.columnNames().join(", ")}`,
        { context: { param, column: name } },
      );
    }
    const values = this.read(name);
    this.cache.set(name, values);
    return values;
  }

  columnNames(): string[] {
    const s = this.source;
    let base: string[];
    if (s.kind === "records") base = s.rows.length === 0 ? [] : Object.keys(s.rows[0]!);
    else if (s.kind === "arrow") base = s.table.schema.fields.map((f) => f.name);
    else base = [...s.df.columns];
    return [...base.filter((n) => !this.added.has(n)), ...this.added.keys()];
  }

  withColumn(name: string, data: StoredColumn): Frame {
    if (this.has(name)) {
      throw new LakelabError(
        "INVALID_PARAMETER_VALUE",
        `outputCol '${name}' already exists in the input; choose another output column name`,
        { context: { param: "outputCol", column: name } },
      );
    }
    const added = new Map(this.added);
    added.set(name, data);
    return new Frame(this.source, this.numRows, added);
  }

  private read(name: string): ColumnData {
    const s = this.source;
    switch (s.kind) {
      case "records":
        return s.rows.map((r) => (r as Record<string, unknown>)[name]);
      case "arrow":
        return arrowValues(s.table.getChild(name)!);
      case "danfo":
        return s.df.column(name).values;
      default:
        return unreachable(s);
    }
  }

  /** Added columns as plain per-row JS values (vectors as SparseVector/DenseVector). */
  /** Added columns as stored (a TokenColumn stays one). */
  storedColumns(): ReadonlyMap<string, StoredColumn> {
    return this.added;
  }

  addedColumns(): ReadonlyMap<string, ColumnData> {
    const out = new Map<string, ColumnData>();
    for (const [name, data] of this.added) out.set(name, data instanceof TokenColumn ? data.lists() : data);
    return out;
  }
}

function arrowValues(vector: Vector): unknown[] | Float64Array {
  switch (vector.type.typeId) {
    case Type.Float:
    case Type.Int:
      return Float64Array.from(vector.toArray() as ArrayLike<number>, Number);
    case Type.List:
      return Array.from({ length: vector.length }, (_, i) => {
        const v = vector.get(i) as Vector | null;
        return v === null ? null : Array.from(v.toArray() as ArrayLike<unknown>);
      });
    case Type.Struct:
      return Array.from({ length: vector.length }, (_, i) => {
        const row = vector.get(i) as Record<string, unknown> | null;
        if (row === null) return null;
        const o = row as { type?: unknown; size?: unknown; indices?: Vector | null; values?: Vector | null };
        return {
          type: o.type,
          size: o.size,
          indices: o.indices?.toArray() ?? null,
          values: o.values?.toArray() ?? null,
        };
      });
    default:
      return Array.from({ length: vector.length }, (_, i) => vector.get(i));
  }
}

export function unreachable(x: never): never {
  throw new LakelabError("INTERNAL", `unexpected case ${JSON.stringify(x)}`);
}

/** Spark's VectorUDT layout: the Arrow type of a vector column. */
export function vectorArrowType(): Struct {
  return new Struct([
    new Field("type", new Int8(), false),
    new Field("size", new Int32(), true),
    new Field("indices", new List(new Field("element", new Int32(), true)), true),
    new Field("values", new List(new Field("element", new Float64(), true)), true),
  ]);
}

export const TOKENS_ARROW_TYPE = new List(new Field("element", new Utf8(), true));

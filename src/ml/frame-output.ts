import { makeVector, Table, vectorFromArray } from "apache-arrow";
import { csrToArrow, denseToArrow, sparkTokensToArrow } from "./arrow-columns";
import { type CsrMatrix, csrRow } from "./csr-matrix";
import {
  type ColumnData,
  type DenseRows,
  type Frame,
  type MlData,
  type StoredColumn,
  TOKENS_ARROW_TYPE,
  vectorArrowType,
} from "./frame";
import { DenseVector } from "./sparse-vector";
import { TokenColumn } from "./token-column";

/**
 * The frame as the same kind of data it was built from, plus the added columns.
 * Records: vectors are SparseVector / DenseVector objects. Arrow: vectors are Spark's VectorUDT
 * struct {type, size, indices, values}, tokens list<utf8>. danfojs holds only scalars, so there
 * vectors and token lists are JSON strings (read back by every stage).
 */
export function toOutput(frame: Frame): MlData {
  const s = frame.source;
  if (s.kind === "arrow") {
    const columns: Record<string, ReturnType<typeof arrowVector>> = {};
    for (const [name, data] of frame.storedColumns()) columns[name] = arrowVector(data);
    return Object.keys(columns).length === 0 ? s.table : s.table.assign(new Table(columns));
  }
  const added = [...frame.addedColumns()];
  if (s.kind === "records") {
    const plain = added.map(([name, data]) => [name, plainValues(data)] as const);
    return s.rows.map((row, i) => {
      const out: Record<string, unknown> = { ...row };
      for (const [name, values] of plain) out[name] = values[i];
      return out;
    });
  }
  let df = s.df;
  for (const [name, data] of added) {
    const values = plainValues(data).map((v) =>
      typeof v === "object" && v !== null ? JSON.stringify(v) : v,
    );
    df = df.addColumn(name, values, { inplace: false });
  }
  return df;
}

function plainValues(data: ColumnData): unknown[] {
  if (data instanceof Float64Array) return Array.from(data);
  if (isCsr(data)) return Array.from({ length: data.numRows }, (_, i) => csrRow(data, i));
  if (isDense(data)) return Array.from({ length: data.numRows }, (_, i) => denseRow(data, i));
  return data as unknown[];
}

function arrowVector(data: StoredColumn) {
  if (data instanceof TokenColumn) return sparkTokensToArrow(data.texts, TOKENS_ARROW_TYPE);
  if (data instanceof Float64Array) return makeVector(data);
  if (isCsr(data)) return csrToArrow(data, vectorArrowType());
  if (isDense(data)) return denseToArrow(data, vectorArrowType());
  const values = data as unknown[];
  if (values.length > 0 && values.every((v) => Array.isArray(v)))
    return vectorFromArray(values, TOKENS_ARROW_TYPE);
  return vectorFromArray(values);
}

export function denseRow(m: DenseRows, i: number): DenseVector {
  return new DenseVector(m.values.subarray(i * m.numCols, (i + 1) * m.numCols));
}

export function isCsr(data: StoredColumn): data is CsrMatrix {
  return !Array.isArray(data) && !(data instanceof Float64Array) && (data as CsrMatrix).kind === "csr";
}

export function isDense(data: StoredColumn): data is DenseRows {
  return !Array.isArray(data) && !(data instanceof Float64Array) && (data as DenseRows).kind === "dense";
}

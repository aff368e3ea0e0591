import { LakelabError } from "../errors";
import { type CsrMatrix, csrFromVectors } from "./csr-matrix";
import type { Frame } from "./frame";
import { isCsr } from "./frame-output";

/** The features column as CSR (HashingTF's output is used as is; vectors are packed once). */
export function readFeatures(frame: Frame, name: string): CsrMatrix {
  const data = frame.column(name, "featuresCol");
  if (isCsr(data)) return data;
  if (!Array.isArray(data)) {
    throw new LakelabError("SCHEMA_MISMATCH", `featuresCol '${name}' must hold vectors`, {
      context: { param: "featuresCol", column: name },
    });
  }
  const rows =
    frame.source.kind === "danfo" ? data.map((v) => (typeof v === "string" ? JSON.parse(v) : v)) : data;
  return csrFromVectors(rows, name);
}

/** Class labels 0..k−1 as doubles; NaN, non-integers and negatives are INVALID_LABEL. */
export function readLabels(frame: Frame, name: string, param = "labelCol"): Float64Array {
  const data = frame.column(name, param);
  const labels = data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<unknown>, Number);
  const raw = data as ArrayLike<unknown>;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0 || (typeof raw[i] !== "number" && !(data instanceof Float64Array))) {
      throw new LakelabError(
        "INVALID_LABEL",
        `${param} '${name}' row ${i} is ${String(raw[i])}; labels must be class indices 0, 1, …, k−1 (non-negative integers)`,
        { context: { param, column: name, row: i, value: String(raw[i]) } },
      );
    }
  }
  return labels;
}

/** Per-column sample standard deviation (n − 1 denominator, as Spark's summarizer). */
export function columnStd(m: CsrMatrix): Float64Array {
  const sum = new Float64Array(m.numCols);
  const sumSq = new Float64Array(m.numCols);
  for (let k = 0; k < m.indices.length; k++) {
    const j = m.indices[k]!;
    const v = m.values[k]!;
    sum[j]! += v;
    sumSq[j]! += v * v;
  }
  const n = m.numRows;
  const std = new Float64Array(m.numCols);
  if (n < 2) return std;
  for (let j = 0; j < m.numCols; j++) {
    const mean = sum[j]! / n;
    const variance = (sumSq[j]! - n * mean * mean) / (n - 1);
    // a constant column can leave rounding noise instead of 0: treat that as 0 (Spark gives 0)
    std[j] = variance > 1e-14 * (sumSq[j]! / (n - 1)) ? Math.sqrt(variance) : 0;
  }
  return std;
}

/**
 * The columns of `m` whose std is > 0, renumbered 0..k−1 (entries of other columns dropped). A
 * zero-std column gets coefficient 0 and a zero gradient at every step, so leaving it out changes
 * no iterate; hashed text at 2^18 buckets typically uses a fraction of them, and every dense
 * optimizer step gets that much cheaper.
 */
export function activeColumns(m: CsrMatrix, std: Float64Array): { matrix: CsrMatrix; columns: Int32Array } {
  const remap = new Int32Array(m.numCols).fill(-1);
  let k = 0;
  for (let j = 0; j < m.numCols; j++) if (std[j]! > 0) remap[j] = k++;
  const columns = new Int32Array(k);
  for (let j = 0; j < m.numCols; j++) if (remap[j]! >= 0) columns[remap[j]!] = j;
  const indptr = new Int32Array(m.numRows + 1);
  let nnz = 0;
  for (let t = 0; t < m.indices.length; t++) if (remap[m.indices[t]!]! >= 0) nnz++;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  for (let i = 0; i < m.numRows; i++) {
    for (let t = m.indptr[i]!; t < m.indptr[i + 1]!; t++) {
      const j = remap[m.indices[t]!]!;
      if (j < 0) continue;
      indices[at] = j;
      values[at++] = m.values[t]!;
    }
    indptr[i + 1] = at;
  }
  return { matrix: { kind: "csr", numRows: m.numRows, numCols: k, indptr, indices, values }, columns };
}

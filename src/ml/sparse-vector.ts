import { LakelabError } from "../errors";

/**
 * Spark's SparseVector: `size` slots, the non-zero ones at sorted `indices` with `values`.
 * Stored in Arrow as Spark's VectorUDT struct {type: 0, size, indices, values}.
 */
export class SparseVector {
  readonly type = "sparse" as const;
  constructor(
    readonly size: number,
    readonly indices: Int32Array,
    readonly values: Float64Array,
  ) {
    if (indices.length !== values.length) {
      throw new LakelabError(
        "INVALID_ARGUMENT",
        `SparseVector has ${indices.length} indices but ${values.length} values; they must be equal`,
      );
    }
  }

  /** The value at slot `i` (0 when not stored). */
  get(i: number): number {
    let lo = 0;
    let hi = this.indices.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.indices[mid]!;
      if (at === i) return this.values[mid]!;
      if (at < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  toArray(): Float64Array {
    const out = new Float64Array(this.size);
    for (let k = 0; k < this.indices.length; k++) out[this.indices[k]!] = this.values[k]!;
    return out;
  }

  toJSON(): { type: "sparse"; size: number; indices: number[]; values: number[] } {
    return { type: "sparse", size: this.size, indices: [...this.indices], values: [...this.values] };
  }
}

/** Spark's DenseVector (rawPrediction, probability). Arrow: VectorUDT struct {type: 1, values}. */
export class DenseVector {
  readonly type = "dense" as const;
  constructor(readonly values: Float64Array) {}

  get size(): number {
    return this.values.length;
  }

  get(i: number): number {
    return this.values[i] ?? 0;
  }

  toArray(): Float64Array {
    return this.values.slice();
  }

  toJSON(): { type: "dense"; values: number[] } {
    return { type: "dense", values: [...this.values] };
  }
}

export type MlVector = SparseVector | DenseVector;

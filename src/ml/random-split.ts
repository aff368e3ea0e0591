import { Table, vectorFromArray } from "apache-arrow";
import { LakelabError } from "../errors";
import type { DanfoFrame, MlData } from "./frame";
import { checkParam } from "./params";

/**
 * Splits rows at random into parts with the given relative weights, deterministically for a seed
 * (each row draws one uniform number from a seeded xorshift generator; a row lands in the part
 * whose cumulative weight range holds it). Same kind of data out as in. Spark's own split depends on
 * its partitioning, so the rows chosen are not Spark's; the proportions and determinism are.
 * @example const [train, test] = randomSplit(rows, [0.8, 0.2], 42);
 */
export function randomSplit<T extends MlData>(data: T, weights: readonly number[], seed = 0): T[] {
  checkParam(
    Array.isArray(weights) && weights.length > 0 && weights.every((w) => Number.isFinite(w) && w >= 0),
    "weights",
    weights,
    "a non-empty array of non-negative numbers",
  );
  const total = weights.reduce((a, b) => a + b, 0);
  checkParam(total > 0, "weights", weights, "weights with a positive sum");
  checkParam(Number.isInteger(seed), "seed", seed, "an integer");
  const bounds = weights.map(
    (
      (sum) => (w: number) =>
        (sum += w / total)
    )(0),
  );
  const numRows = rowCount(data);
  const parts: number[][] = weights.map(() => []);
  const next = xorshift(seed);
  for (let i = 0; i < numRows; i++) {
    const u = next();
    let k = bounds.findIndex((b) => u < b);
    if (k === -1) k = weights.length - 1;
    parts[k]!.push(i);
  }
  return parts.map((rows) => take(data, rows) as T);
}

function rowCount(data: MlData): number {
  if (data instanceof Table) return data.numRows;
  if (Array.isArray(data)) return data.length;
  return (data as DanfoFrame).shape[0] ?? 0;
}

function take(data: MlData, rows: number[]): MlData {
  if (Array.isArray(data)) return rows.map((i) => data[i]!);
  if (data instanceof Table) {
    const columns: Record<string, ReturnType<typeof vectorFromArray>> = {};
    for (const field of data.schema.fields) {
      const child = data.getChild(field.name)!;
      columns[field.name] = vectorFromArray(
        rows.map((i) => child.get(i)),
        field.type,
      );
    }
    return new Table(columns);
  }
  const df = data as DanfoFrame & { iloc(args: { rows: number[] }): DanfoFrame };
  if (typeof df.iloc !== "function") {
    throw new LakelabError(
      "INVALID_ARGUMENT",
      "randomSplit needs records, an Arrow Table or a danfojs DataFrame",
    );
  }
  return df.iloc({ rows });
}

/** xorshift32 seeded through a splitmix step, uniform in [0, 1). */
function xorshift(seed: number): () => number {
  let s = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) | 0;
  if (s === 0) s = 0x6d2b79f5;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

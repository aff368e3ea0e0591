import { LakelabError } from "../../errors";

/** A snapshot id as a user may give it: a bigint, the exact decimal string, or a safe integer. */
export type SnapshotIdInput = bigint | string | number;

/**
 * The snapshot id `value` as a bigint, checked once where a user hands it in. A JS number is
 * accepted only while it is an exact integer (|n| ≤ 2^53 − 1): Iceberg ids are 64-bit and most
 * exceed that, and a number beyond it has already been rounded to another id before lakelab sees it.
 * @example snapshotIdOf("5173553188971266738") // 5173553188971266738n
 */
export function snapshotIdOf(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return BigInt(value);
    throw new LakelabError(
      "INVALID_ARGUMENT",
      Number.isInteger(value)
        ? `snapshot id ${value} was given as a JS number, which holds integers exactly only up to 2^53 - 1 ` +
            `(${Number.MAX_SAFE_INTEGER}); Iceberg snapshot ids are 64-bit, so this one may already be rounded ` +
            `to a different id. Pass it as a bigint (append n: 5173553188971266738n) or as the exact decimal ` +
            `string shown in the snapshots table ("5173553188971266738"), or pass snapshot.snapshotId along as is`
        : `snapshot id ${value} is not an integer; copy it from the snapshots table, e.g. "5173553188971266738"`,
      { context: { snapshotId: String(value), type: "number" } },
    );
  }
  if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) {
    const id = BigInt(value.trim());
    if (id >= -(2n ** 63n) && id < 2n ** 63n) return id;
  }
  throw new LakelabError(
    "INVALID_ARGUMENT",
    `snapshot id ${describe(value)} is not a 64-bit integer; pass a bigint or the exact decimal string from the snapshots table, e.g. "5173553188971266738"`,
    { context: { snapshotId: describe(value), type: typeof value } },
  );
}

function describe(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : value === null ? "null" : typeof value;
}

/** Partition transforms bound to a source type: apply, result type and human-readable values. */
import { LakelabError } from "../../errors";
import { decimalScale, type IcebergValue, toIcebergValue } from "../expressions/literal";
import type { Transform } from "../spec/partition-spec";
import type { IcebergType, PrimitiveType } from "../spec/schema";
import { bucket } from "./bucket";
import {
  humanDay,
  humanHour,
  humanMonth,
  humanTime,
  humanTimestamp,
  humanYear,
  toDays,
  toHours,
  toMonths,
  toYears,
} from "./temporal";
import { truncate } from "./truncate";

export type TransformName = "identity" | "bucket" | "truncate" | "year" | "month" | "day" | "hour" | "void";

export interface BoundTransform {
  readonly transform: Transform;
  readonly name: TransformName;
  readonly param?: number;
  readonly sourceType: PrimitiveType;
  readonly resultType: PrimitiveType;
  /** Order-preserving (a ≤ b ⇒ t(a) ≤ t(b)), so range predicates project onto it. */
  readonly monotonic: boolean;
  /** Applies the transform to a source value (raw JS values are converted first); null → null. */
  apply(v: unknown): IcebergValue | null;
  /** The value as it appears in partition paths (`2024-01-01`, `2024-01`, `null`). */
  toHumanString(v: IcebergValue | null): string;
}

export function parseTransformName(t: Transform): { name: TransformName; param?: number } {
  const m = /^(bucket|truncate)\[(\d+)\]$/.exec(t);
  if (m) return { name: m[1] as TransformName, param: Number(m[2]) };
  return { name: t as TransformName };
}

const TEMPORAL_SOURCES = new Set(["date", "timestamp", "timestamptz", "timestamp_ns", "timestamptz_ns"]);

/** The human text of an Iceberg value of `type` (identity partitions, truncate, bucket numbers). */
export function humanValue(type: PrimitiveType, v: IcebergValue | null): string {
  if (v === null) return "null";
  switch (type) {
    case "date":
      return humanDay(v as number);
    case "time":
      return humanTime(v as bigint);
    case "timestamp":
    case "timestamptz":
      return humanTimestamp(v as bigint, type === "timestamptz");
    case "timestamp_ns":
    case "timestamptz_ns":
      return humanTimestamp(BigInt(v as bigint) / 1000n, type === "timestamptz_ns");
    case "binary":
      return Buffer.from(v as Uint8Array).toString("base64");
    default: {
      if (type.startsWith("fixed[")) return Buffer.from(v as Uint8Array).toString("base64");
      const scale = decimalScale(type);
      if (scale !== undefined && scale > 0) {
        const x = v as bigint;
        const digits = (x < 0n ? -x : x).toString().padStart(scale + 1, "0");
        return `${x < 0n ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      }
      return String(v);
    }
  }
}

function invalidSource(t: Transform, type: IcebergType): LakelabError {
  return new LakelabError(
    "INVALID_ARGUMENT",
    `partition transform '${t}' cannot be applied to a column of type ${typeof type === "string" ? type : type.type}`,
    { context: { transform: t } },
  );
}

/** Binds `t` to its source column type; a transform that does not fit the type → INVALID_ARGUMENT. */
export function bindTransform(t: Transform, sourceType: IcebergType): BoundTransform {
  if (typeof sourceType !== "string") throw invalidSource(t, sourceType);
  const src = sourceType;
  const { name, param } = parseTransformName(t);
  const conv = (v: unknown): IcebergValue | null => toIcebergValue(src, v);
  const base = { transform: t, name, ...(param !== undefined ? { param } : {}), sourceType: src };
  switch (name) {
    case "identity":
      return {
        ...base,
        resultType: src,
        monotonic: true,
        apply: conv,
        toHumanString: (v) => humanValue(src, v),
      };
    case "void":
      return { ...base, resultType: src, monotonic: false, apply: () => null, toHumanString: () => "null" };
    case "bucket": {
      if (["boolean", "float", "double"].includes(src)) throw invalidSource(t, src);
      return {
        ...base,
        resultType: "int",
        monotonic: false,
        apply: (v) => {
          const x = conv(v);
          return x === null ? null : bucket(src, param!, x);
        },
        toHumanString: (v) => (v === null ? "null" : String(v)),
      };
    }
    case "truncate": {
      if (!["int", "long", "string", "binary"].includes(src) && !src.startsWith("decimal("))
        throw invalidSource(t, src);
      return {
        ...base,
        resultType: src,
        monotonic: true,
        apply: (v) => {
          const x = conv(v);
          return x === null ? null : truncate(src, param!, x);
        },
        toHumanString: (v) => humanValue(src, v),
      };
    }
    case "year":
    case "month":
    case "day":
    case "hour": {
      if (!TEMPORAL_SOURCES.has(src) || (name === "hour" && src === "date")) throw invalidSource(t, src);
      const fn = { year: toYears, month: toMonths, day: toDays, hour: toHours }[name];
      const human = { year: humanYear, month: humanMonth, day: humanDay, hour: humanHour }[name];
      return {
        ...base,
        // Java and pyiceberg type day partitions as date; the others are int.
        resultType: name === "day" ? "date" : "int",
        monotonic: true,
        apply: (v) => {
          const x = conv(v);
          return x === null ? null : fn(src, x as number | bigint);
        },
        toHumanString: (v) => (v === null ? "null" : human(v as number)),
      };
    }
    default: {
      const never: never = name;
      throw new LakelabError("UNSUPPORTED_FEATURE", `unknown transform ${String(never)}`);
    }
  }
}

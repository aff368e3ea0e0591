/** year / month / day / hour transforms: whole units since 1970-01-01T00:00 UTC. */
import type { PrimitiveType } from "../spec/schema";

const MICROS_PER_DAY = 86_400_000_000n;
const MICROS_PER_HOUR = 3_600_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

/** Source value (days for date, micros/nanos for timestamps) → microseconds. */
function toMicros(type: PrimitiveType, v: number | bigint): bigint {
  if (type === "date") return BigInt(v) * MICROS_PER_DAY;
  const b = BigInt(v);
  return type.endsWith("_ns") ? floorDiv(b, 1000n) : b;
}

export function toDays(type: PrimitiveType, v: number | bigint): number {
  return type === "date" ? Number(v) : Number(floorDiv(toMicros(type, v), MICROS_PER_DAY));
}

export function toHours(type: PrimitiveType, v: number | bigint): number {
  return Number(floorDiv(toMicros(type, v), MICROS_PER_HOUR));
}

export function toMonths(type: PrimitiveType, v: number | bigint): number {
  const d = new Date(toDays(type, v) * 86_400_000);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

export function toYears(type: PrimitiveType, v: number | bigint): number {
  return new Date(toDays(type, v) * 86_400_000).getUTCFullYear() - 1970;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

export function humanYear(v: number): string {
  return pad(1970 + v, 4);
}

export function humanMonth(v: number): string {
  const y = 1970 + Math.floor(v / 12);
  return `${pad(y, 4)}-${pad((((v % 12) + 12) % 12) + 1)}`;
}

export function humanDay(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

export function humanHour(hours: number): string {
  const iso = new Date(hours * 3_600_000).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}`;
}

/** ISO text of a timestamp in micros: `2023-03-01T18:15:00` (+ `.ffffff` when not whole seconds). */
export function humanTimestamp(micros: bigint, withZone: boolean): string {
  const secs = floorDiv(micros, 1_000_000n);
  const frac = Number(micros - secs * 1_000_000n);
  const iso = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  return `${iso}${frac ? `.${pad(frac, 6)}` : ""}${withZone ? "+00:00" : ""}`;
}

export function humanTime(micros: bigint): string {
  return humanTimestamp(micros, false).slice(11);
}

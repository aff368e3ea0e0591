import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { toPythonYaml } from "./python-yaml";

/**
 * Reads a meta.yaml. Integers come back as bigint so 18–19 digit ids stay exact; callers
 * turn times into numbers and ids into strings.
 */
export async function readYaml(file: string): Promise<Record<string, unknown> | null> {
  let stat: import("node:fs").Stats;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  // meta.yaml is replaced by rename, so a new inode means new content: re-parse only then
  const cached = parsedCache.get(file);
  if (
    cached !== undefined &&
    cached.ino === stat.ino &&
    cached.mtimeMs === stat.mtimeMs &&
    cached.size === stat.size
  ) {
    return structuredClone(cached.data);
  }
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const parsed = parse(text, { intAsBigInt: true }) as unknown;
  const data = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  if (parsedCache.size > 10000) parsedCache.clear();
  parsedCache.set(file, {
    ino: stat.ino,
    mtimeMs: stat.mtimeMs,
    size: stat.size,
    data: structuredClone(data),
  });
  return data;
}

const parsedCache = new Map<
  string,
  { ino: number; mtimeMs: number; size: number; data: Record<string, unknown> }
>();

/** Writes `file` whole or not at all (temp file in the same folder, then rename). */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

export async function writeYaml(file: string, data: Readonly<Record<string, unknown>>): Promise<void> {
  await writeFileAtomic(file, toPythonYaml(data));
}

/** A YAML integer (bigint or number) or string → string, exact. */
export function yamlId(v: unknown): string {
  return typeof v === "bigint" || typeof v === "number" ? v.toString() : String(v ?? "");
}

/** A YAML integer → number (times in ms fit), null stays null. */
export function yamlTime(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return Number(v);
}

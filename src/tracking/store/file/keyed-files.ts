import { promises as fs } from "node:fs";
import * as path from "node:path";

/**
 * params/, tags/ and metrics/ hold one file per key; a key with `/` makes subfolders.
 * Returns key → file text (raw, no trailing newline added or removed).
 */
export async function readKeyedFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (sub: string, prefix: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(sub, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    await Promise.all(
      entries.map(async (e) => {
        const key = prefix === "" ? e.name : `${prefix}/${e.name}`;
        if (e.isDirectory()) await walk(path.join(sub, e.name), key);
        else if (e.isFile() && !e.name.endsWith(".tmp"))
          out.set(key, await fs.readFile(path.join(sub, e.name), "utf8"));
      }),
    );
  };
  await walk(dir, "");
  return out;
}

export async function readKeyedFile(dir: string, key: string): Promise<string | null> {
  try {
    return await fs.readFile(path.join(dir, ...key.split("/")), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") return null;
    throw err;
  }
}

export function keyedPath(dir: string, key: string): string {
  return path.join(dir, ...key.split("/"));
}

/** Writes each key's value verbatim (no trailing newline), creating subfolders for `/` in keys. */
export async function writeKeyedFiles(dir: string, entries: ReadonlyMap<string, string>): Promise<void> {
  await Promise.all(
    [...entries].map(([key, value]) => withParentDir(keyedPath(dir, key), (f) => fs.writeFile(f, value))),
  );
}

/** Appends each key's lines with one write per key. */
export async function appendKeyedFiles(dir: string, entries: ReadonlyMap<string, string>): Promise<void> {
  await Promise.all(
    [...entries].map(([key, text]) => withParentDir(keyedPath(dir, key), (f) => fs.appendFile(f, text))),
  );
}

/** Runs `op` on `file`; when its folder is missing, creates it and tries once more (no mkdir per write). */
async function withParentDir(file: string, op: (file: string) => Promise<void>): Promise<void> {
  try {
    await op(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await op(file);
  }
}

export async function listSubdirs(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

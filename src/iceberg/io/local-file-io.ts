import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { LakelabError } from "../../errors";
import type { FileIO, WriteOptions } from "./file-io";

/**
 * A `file:` location or plain path → an absolute local path. A `file:` location is taken
 * literally, without percent-decoding, as Java's HadoopFileIO and pyiceberg take it: a partition
 * folder named `name=a%2Fb` (Java's escaping of `a/b`) is `…/name=a%2Fb/…` in the location.
 */
export function toLocalPath(location: string): string {
  if (location.startsWith("file:")) {
    const rest = location.slice("file:".length);
    if (!rest.startsWith("//")) return path.resolve(rest); // file:/a/b (Hadoop's form)
    const slash = rest.indexOf("/", 2);
    const host = rest.slice(2, slash < 0 ? undefined : slash);
    if (host !== "" && host !== "localhost") {
      throw new LakelabError(
        "CONFIG_INVALID",
        `'${location}' names a remote host; lakelab reads file: locations on this machine only`,
        {
          context: { location },
        },
      );
    }
    return path.resolve(slash < 0 ? "/" : rest.slice(slash));
  }
  return path.resolve(location);
}

/** An absolute local path → its `file://` location, literally (no percent-encoding; see toLocalPath). */
export function toFileUri(localPath: string): string {
  return `file://${path.resolve(localPath)}`;
}

function notFound(location: string, err: unknown): unknown {
  if ((err as NodeJS.ErrnoException).code !== "ENOENT") return err;
  return new LakelabError("FILE_NOT_FOUND", `file not found: ${location}`, {
    context: { location },
    cause: err,
  });
}

export class LocalFileIO implements FileIO {
  async read(location: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await fs.readFile(toLocalPath(location)));
    } catch (err) {
      throw notFound(location, err);
    }
  }

  async readRange(location: string, offset: number, length: number): Promise<Uint8Array> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(toLocalPath(location), "r");
    } catch (err) {
      throw notFound(location, err);
    }
    try {
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(out, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === length ? out : out.subarray(0, got);
    } finally {
      await handle.close();
    }
  }

  async size(location: string): Promise<number> {
    try {
      return (await fs.stat(toLocalPath(location))).size;
    } catch (err) {
      throw notFound(location, err);
    }
  }

  async write(location: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    const p = toLocalPath(location);
    await fs.mkdir(path.dirname(p), { recursive: true });
    const tmp = `${p}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, data);
    try {
      if (options.overwrite) {
        await fs.rename(tmp, p);
      } else {
        // link() fails with EEXIST instead of replacing: no writer silently clobbers another's file.
        await fs.link(tmp, p);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") {
        throw new LakelabError("INVALID_ARGUMENT", `file already exists: ${location}`, {
          context: { location },
          cause: err,
        });
      }
      throw err;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async exists(location: string): Promise<boolean> {
    try {
      await fs.access(toLocalPath(location));
      return true;
    } catch {
      return false;
    }
  }

  async delete(location: string): Promise<void> {
    await fs.rm(toLocalPath(location), { force: true });
  }

  async list(prefix: string): Promise<readonly { location: string; size: number; modifiedMs: number }[]> {
    const root = toLocalPath(prefix);
    const out: { location: string; size: number; modifiedMs: number }[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
        throw err;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) {
          const st = await fs.stat(full);
          out.push({ location: toFileUri(full), size: st.size, modifiedMs: st.mtimeMs });
        }
      }
    };
    await walk(root);
    return out;
  }
}

/**
 * Opens a table without a catalog, from its folder or one of its metadata files, e.g. a table
 * copied from a Spark cluster. Locations inside the metadata are relocated into that folder.
 * @example const t = await staticTable("./fixtures/spark_v1_day_partitioned"); t.currentSnapshot()
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { LakelabError } from "../errors";
import type { FileIO } from "./io/file-io";
import { fileIOFor, type StorageProperties } from "./io/file-io-for";
import { LocalFileIO, toFileUri, toLocalPath } from "./io/local-file-io";
import { RelocatingFileIO } from "./io/relocating-file-io";
import { isS3Location } from "./io/s3-location";
import { parseTableMetadata } from "./spec/table-metadata.serde";
import { Table } from "./table/table";

// v12.metadata.json, v12.gz.metadata.json (Hadoop tables), 00012-<uuid>.metadata.json[.gz]
const METADATA_FILE = /^(?:v(\d+)(?:\.gz)?|(\d+)-[^/]*)\.metadata\.json(?:\.gz)?$/;

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The metadata file of a table folder: `version-hint.text` when present, else the highest version. */
export async function findMetadataFile(tableDir: string): Promise<string> {
  const metaDir = path.join(tableDir, "metadata");
  let names: string[];
  try {
    names = await fs.readdir(metaDir);
  } catch {
    throw new LakelabError(
      "TABLE_NOT_FOUND",
      `${tableDir} is not an Iceberg table folder: it has no metadata/ folder`,
      {
        context: { location: tableDir },
      },
    );
  }
  if (names.includes("version-hint.text")) {
    const hint = (await fs.readFile(path.join(metaDir, "version-hint.text"), "utf8")).trim();
    const candidates = [`v${hint}.metadata.json`, `v${hint}.gz.metadata.json`, hint, `${hint}.metadata.json`];
    const hit = candidates.find((c) => names.includes(c));
    if (hit) return path.join(metaDir, hit);
    if (/^\d+$/.test(hint)) {
      const byNumber = names.find(
        (n) => METADATA_FILE.exec(n)?.[2] !== undefined && Number(METADATA_FILE.exec(n)![2]) === Number(hint),
      );
      if (byNumber) return path.join(metaDir, byNumber);
    }
    throw new LakelabError(
      "METADATA_CORRUPT",
      `${path.join(metaDir, "version-hint.text")} names version '${hint}', but no such metadata file exists`,
      {
        context: { location: path.join(metaDir, "version-hint.text") },
      },
    );
  }
  const versions = names
    .map((n) => ({ n, m: METADATA_FILE.exec(n) }))
    .filter((x) => x.m)
    .map((x) => ({ n: x.n, v: Number(x.m![1] ?? x.m![2]) }));
  if (versions.length === 0) {
    throw new LakelabError("TABLE_NOT_FOUND", `${metaDir} holds no *.metadata.json file`, {
      context: { location: metaDir },
    });
  }
  versions.sort((a, b) => b.v - a.v);
  if (versions.length > 1 && versions[0]!.v === versions[1]!.v) {
    // Same version number twice (two writers raced): the newer file wins.
    const stats = await Promise.all(
      versions
        .filter((x) => x.v === versions[0]!.v)
        .map(async (x) => ({ n: x.n, t: (await fs.stat(path.join(metaDir, x.n))).mtimeMs })),
    );
    stats.sort((a, b) => b.t - a.t);
    return path.join(metaDir, stats[0]!.n);
  }
  return path.join(metaDir, versions[0]!.n);
}

/** The newest metadata file of a table folder on object storage, by listing `metadata/`. */
async function findRemoteMetadataFile(io: FileIO, tableLocation: string): Promise<string> {
  const metaDir = `${tableLocation.replace(/\/+$/, "")}/metadata`;
  const files = (await io.list(metaDir)).filter((f) => !f.location.slice(metaDir.length + 1).includes("/"));
  const hint = files.find((f) => f.location.endsWith("/version-hint.text"));
  const named = files
    .map((f) => ({ f, m: METADATA_FILE.exec(f.location.slice(metaDir.length + 1)) }))
    .filter((x) => x.m)
    .map((x) => ({ location: x.f.location, v: Number(x.m![1] ?? x.m![2]), t: x.f.modifiedMs }));
  if (hint) {
    const v = Number(new TextDecoder().decode(await io.read(hint.location)).trim());
    const hit = named.find((x) => x.v === v);
    if (hit) return hit.location;
  }
  if (named.length === 0) {
    throw new LakelabError("TABLE_NOT_FOUND", `${metaDir} holds no *.metadata.json file`, {
      context: { location: metaDir },
    });
  }
  named.sort((a, b) => b.v - a.v || b.t - a.t);
  return named[0]!.location;
}

/** Opens a table on object storage in place (no relocation: its recorded locations are real). */
async function remoteStaticTable(location: string, io: FileIO): Promise<Table> {
  const metadataFile = /\.metadata\.json(\.gz)?$/.test(location)
    ? location
    : await findRemoteMetadataFile(io, location);
  const raw = await io.read(metadataFile);
  const text = new TextDecoder().decode(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw);
  const metadata = parseTableMetadata(text, metadataFile);
  return new Table({ name: location, metadata, metadataLocation: metadataFile, io });
}

/**
 * Opens a read-only Table from a table folder or a metadata.json file (path, file:// URI, or
 * s3:// URI with `storage` properties).
 */
export async function staticTable(
  pathOrMetadataFile: string,
  options: { io?: FileIO; storage?: StorageProperties } = {},
): Promise<Table> {
  if (isS3Location(pathOrMetadataFile)) {
    return remoteStaticTable(pathOrMetadataFile, options.io ?? fileIOFor(options.storage ?? {}));
  }
  const given = toLocalPath(pathOrMetadataFile);
  let metadataFile: string;
  let tableDir: string;
  if (await isDirectory(given)) {
    tableDir =
      path.basename(given) === "metadata" && !(await isDirectory(path.join(given, "metadata")))
        ? path.dirname(given)
        : given;
    metadataFile = await findMetadataFile(tableDir);
  } else {
    metadataFile = given;
    const dir = path.dirname(given);
    tableDir = path.basename(dir) === "metadata" ? path.dirname(dir) : dir;
  }
  const inner = options.io ?? new LocalFileIO();
  const raw = await inner.read(metadataFile);
  // Java writes gzip-compressed metadata when write.metadata.compression-codec=gzip.
  const text = new TextDecoder().decode(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw);
  const metadata = parseTableMetadata(text, metadataFile);
  const io = new RelocatingFileIO(inner, tableDir, metadata.location);
  return new Table({ name: pathOrMetadataFile, metadata, metadataLocation: toFileUri(metadataFile), io });
}

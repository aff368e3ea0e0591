import { randomUUID } from "node:crypto";
import type { FileIO } from "../io/file-io";
import type { TableMetadata } from "../spec/table-metadata";
import { parseTableMetadata, serializeTableMetadata } from "../spec/table-metadata.serde";

const VERSIONED = /\/(\d+)-[^/]*\.metadata\.json$/;

/** `<table>/metadata/<5-digit version>-<uuid>.metadata.json`, the name Java and pyiceberg use. */
export function metadataFileLocation(tableLocation: string, version: number): string {
  return `${tableLocation.replace(/\/+$/, "")}/metadata/${String(version).padStart(5, "0")}-${randomUUID()}.metadata.json`;
}

/** The version number in a metadata file name, or -1 when it has none (e.g. `v3.metadata.json`). */
export function metadataVersion(location: string): number {
  const m = VERSIONED.exec(location);
  return m ? Number(m[1]) : -1;
}

/** Reads and validates a metadata file; FILE_NOT_FOUND or METADATA_CORRUPT name the file. */
export async function readMetadataFile(io: FileIO, location: string): Promise<TableMetadata> {
  const bytes = await io.read(location);
  return parseTableMetadata(new TextDecoder().decode(bytes), location);
}

/** Writes a new metadata file at a location made by `metadataFileLocation` (fresh UUID: no existence check). */
export async function writeMetadataFile(
  io: FileIO,
  location: string,
  metadata: TableMetadata,
): Promise<void> {
  await io.write(location, new TextEncoder().encode(serializeTableMetadata(metadata)), { uniqueName: true });
}

import type { Catalog, LoadedTable } from "../catalog/catalog";
import { parseTableIdentifier, type TableIdentifier } from "../catalog/table-identifier";
import { toFileUri } from "../io/local-file-io";

/**
 * Adds an existing table to the catalog by its metadata file, without copying or rewriting
 * anything. A plain local path is stored as a `file://` URI, the form every engine reads.
 * The file is read and validated first: FILE_NOT_FOUND or METADATA_CORRUPT leave the catalog as it was.
 *
 * @example await registerTable(catalog, "default.imported", "/data/t/metadata/00003-….metadata.json")
 */
export async function registerTable(
  catalog: Catalog | { readonly catalog: Catalog },
  identifier: string | readonly string[] | TableIdentifier,
  metadataLocation: string,
): Promise<LoadedTable> {
  const target = "catalog" in catalog ? catalog.catalog : catalog;
  const id = parseTableIdentifier(identifier);
  const location = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(metadataLocation)
    ? metadataLocation
    : toFileUri(metadataLocation);
  return target.registerTable(id, location);
}

import { LakelabError } from "../../../errors";
import type { Catalog } from "../catalog";
import { formatTableIdentifier, type TableIdentifier } from "../table-identifier";

/** A catalog that can move a table's row in one step (optional: the Catalog interface lacks it). */
interface RenamingCatalog extends Catalog {
  renameTable(from: TableIdentifier, to: TableIdentifier): Promise<unknown>;
}

/**
 * Renames through the catalog's own `renameTable` when it has one; otherwise registers the
 * current metadata file under the new name and then forgets the old one. That fallback is not
 * atomic: a commit to the old name between the two steps is lost on the new name.
 */
export async function renameTable(
  catalog: Catalog,
  from: TableIdentifier,
  to: TableIdentifier,
): Promise<void> {
  if (typeof (catalog as Partial<RenamingCatalog>).renameTable === "function") {
    await (catalog as RenamingCatalog).renameTable(from, to);
    return;
  }
  const source = await catalog.loadTable(from); // TABLE_NOT_FOUND
  if (!(await catalog.namespaceExists(to.namespace))) await catalog.namespaceProperties(to.namespace); // 404
  if (await catalog.tableExists(to)) {
    throw new LakelabError("TABLE_ALREADY_EXISTS", `table ${formatTableIdentifier(to)} already exists`, {
      context: { table: formatTableIdentifier(to) },
    });
  }
  await catalog.registerTable(to, source.metadataLocation);
  await catalog.dropTable(from);
}

import * as path from "node:path";
import { LakelabError } from "../../../errors";
import { locationScheme } from "../../io/file-io-for";
import { toLocalPath } from "../../io/local-file-io";
import type { Catalog } from "../catalog";

/** The warehouse root of a catalog that exposes one (SqlCatalog does), else undefined. */
export function warehouseOf(catalog: Catalog): string | undefined {
  const w = (catalog as { warehouse?: unknown }).warehouse;
  return typeof w === "string" ? w : undefined;
}

/**
 * Refuses to purge a table whose files are not strictly inside the warehouse: a client chooses a
 * table's location (create, register, set-location), and a purge deletes that folder
 * recursively, so without this check any REST client could delete any folder the server can.
 */
export function checkPurgeAllowed(tableLocation: string, warehouse: string | undefined, table: string): void {
  if (warehouse !== undefined && isStrictlyInside(tableLocation, warehouse)) return;
  throw new LakelabError(
    "PERMISSION_DENIED",
    `purge of ${table} refused: its location ${tableLocation} is not inside the warehouse${warehouse ? ` ${warehouse}` : ""}; drop it without purgeRequested and remove its files yourself`,
    { context: { table } },
  );
}

function isStrictlyInside(location: string, root: string): boolean {
  const scheme = locationScheme(location);
  if (scheme !== locationScheme(root)) return false;
  if (scheme === "file") {
    const loc = path.resolve(toLocalPath(location));
    const base = path.resolve(toLocalPath(root));
    return loc.startsWith(`${base}${path.sep}`);
  }
  const base = root.replace(/\/+$/, "");
  return location.startsWith(`${base}/`) && !location.split("/").includes("..");
}

import { LakelabError } from "../errors";
import { type IcebergCatalog, openCatalog } from "../iceberg/table/iceberg-catalog";
import type { CatalogConfig, Properties } from "./connection-config";

/** The Iceberg catalog a connection names: the embedded SQL catalog, or a REST catalog. */
export async function openConnectionCatalog(
  catalog: CatalogConfig,
  _storage: Properties,
): Promise<IcebergCatalog> {
  switch (catalog.type) {
    case "sql":
      return openCatalog({
        warehouse: catalog.warehouse,
        ...(catalog.uri !== undefined ? { uri: catalog.uri } : {}),
        ...(catalog.name !== undefined ? { name: catalog.name } : {}),
      });
    case "rest":
      throw new LakelabError("NOT_SUPPORTED", "REST catalogs are not wired yet", {});
    default: {
      const never: never = catalog;
      return never;
    }
  }
}

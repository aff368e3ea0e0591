import { RestCatalog } from "../iceberg/catalog/rest";
import { IcebergCatalog, openCatalog } from "../iceberg/table/iceberg-catalog";
import type { CatalogConfig, Properties } from "./connection-config";

/**
 * The Iceberg catalog a connection names: the embedded SQL catalog, or a REST catalog. The
 * connection's `storage` properties are the fallback for what a REST catalog does not vend per
 * table (its own `s3.*` overrides and per-table credentials come first).
 */
export async function openConnectionCatalog(
  catalog: CatalogConfig,
  storage: Properties,
): Promise<IcebergCatalog> {
  switch (catalog.type) {
    case "sql":
      return openCatalog({
        warehouse: catalog.warehouse,
        ...(catalog.uri !== undefined ? { uri: catalog.uri } : {}),
        ...(catalog.name !== undefined ? { name: catalog.name } : {}),
        storage,
      });
    case "rest":
      return new IcebergCatalog(
        await RestCatalog.connect({
          uri: catalog.uri,
          ...(catalog.name !== undefined ? { name: catalog.name } : {}),
          ...(catalog.warehouse !== undefined ? { warehouse: catalog.warehouse } : {}),
          properties: { ...storage, ...catalog.properties },
        }),
      );
    default: {
      const never: never = catalog;
      return never;
    }
  }
}

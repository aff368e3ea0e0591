import { LakelabError } from "../errors";
import type { CatalogConfig, ConnectionConfig, Properties } from "./connection-config";

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The chosen connection with every `${VAR}` replaced from the environment. Only the chosen one is
 * expanded, so another entry's missing variable does not stop a user of this one. A missing
 * variable is CONFIG_INVALID naming the variable and the key, never a value.
 */
export function expandConnection(
  config: ConnectionConfig,
  env: Readonly<Record<string, string | undefined>>,
): ConnectionConfig {
  const expand = (value: string, key: string): string =>
    value.replace(REFERENCE, (_, variable: string) => {
      const v = env[variable];
      if (v === undefined) {
        throw new LakelabError(
          "CONFIG_INVALID",
          `connection '${config.name}' (${config.source}): ${key} uses the environment variable ${variable}, which is not set`,
          { context: { connection: config.name, source: config.source, key, variable } },
        );
      }
      return v;
    });
  const props = (p: Properties, where: string): Properties =>
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, expand(v, `${where}.${k}`)]));
  const catalog = expandCatalog(config.catalog, expand, props);
  return {
    ...config,
    catalog,
    storage: props(config.storage, "storage"),
    trackingUri: expand(config.trackingUri, "tracking_uri"),
  };
}

function expandCatalog(
  c: CatalogConfig,
  expand: (value: string, key: string) => string,
  props: (p: Properties, where: string) => Properties,
): CatalogConfig {
  switch (c.type) {
    case "sql":
      return {
        ...c,
        warehouse: expand(c.warehouse, "catalog.warehouse"),
        ...(c.uri !== undefined ? { uri: expand(c.uri, "catalog.uri") } : {}),
      };
    case "rest":
      return {
        ...c,
        uri: expand(c.uri, "catalog.uri"),
        ...(c.warehouse !== undefined ? { warehouse: expand(c.warehouse, "catalog.warehouse") } : {}),
        properties: props(c.properties, "catalog"),
      };
    default: {
      const never: never = c;
      return never;
    }
  }
}

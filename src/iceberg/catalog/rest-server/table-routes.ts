import { LakelabError } from "../../../errors";
import type { TableMetadata } from "../../spec/table-metadata";
import { newTableMetadata } from "../../transaction/new-table-metadata";
import { formatTableIdentifier, parseTableIdentifier, type TableIdentifier } from "../table-identifier";
import { commitTable } from "./commit-table";
import { checkPurgeAllowed, warehouseOf } from "./location-guard";
import { page } from "./paging";
import { renameTable } from "./rename-table";
import {
  parseCommitTableRequest,
  parseCreateTableRequest,
  parseRegisterTableRequest,
  parseRenameTableRequest,
} from "./rest-requests.serde";
import {
  listTablesJson,
  loadCredentialsJson,
  loadTableResultJson,
  type StorageCredential,
} from "./rest-responses.serde";
import { NO_CONTENT, ok, type RestRequest, type RestRoute, type ServerContext } from "./rest-route";
import { maxFieldId } from "./table-changes.serde";

const TABLES = "/v1/{prefix}/namespaces/{namespace}/tables";
const ONE = `${TABLES}/{table}`;

export const TABLE_ROUTES: readonly RestRoute[] = [
  {
    method: "GET",
    template: TABLES,
    async handle({ catalog }, req) {
      const p = page(await catalog.listTables(req.namespace), (t) => t.name, req.query);
      return ok(listTablesJson(p.items, p.nextPageToken));
    },
  },
  {
    method: "POST",
    template: TABLES,
    async handle(ctx, req) {
      const r = parseCreateTableRequest(req.body);
      const id = parseTableIdentifier([...req.namespace, r.name]);
      const { catalog } = ctx;
      if (!(await catalog.namespaceExists(id.namespace))) await catalog.namespaceProperties(id.namespace); // 404
      if (await catalog.tableExists(id)) {
        throw new LakelabError("TABLE_ALREADY_EXISTS", `table ${formatTableIdentifier(id)} already exists`, {
          context: { table: formatTableIdentifier(id) },
        });
      }
      const base = newTableMetadata({
        location: r.location ?? catalog.defaultTableLocation(id),
        schema: r.schema,
        lastColumnId: maxFieldId(r.schema),
        ...(r.partitionSpec ? { partitionSpec: r.partitionSpec } : {}),
        properties: r.properties,
      });
      const sorted = r.writeOrder !== undefined && r.writeOrder.fields.length > 0;
      const metadata = sorted
        ? {
            ...base,
            sortOrders: [...base.sortOrders, r.writeOrder!],
            defaultSortOrderId: r.writeOrder!.orderId,
          }
        : base;
      // staged: the metadata the first commit (with assert-create) will carry; nothing is written
      if (r.stageCreate) return ok(loadResult(ctx, req, undefined, metadata));
      const created = await catalog.createTable(id, metadata);
      return ok(loadResult(ctx, req, created.metadataLocation, created.metadata));
    },
  },
  {
    method: "GET",
    template: ONE,
    async handle(ctx, req) {
      const t = await ctx.catalog.loadTable(tableId(req));
      return ok(loadResult(ctx, req, t.metadataLocation, t.metadata));
    },
  },
  {
    method: "GET",
    template: `${ONE}/credentials`,
    async handle(ctx, req) {
      const t = await ctx.catalog.loadTable(tableId(req));
      return ok(loadCredentialsJson(credentials(ctx, t.metadata)));
    },
  },
  {
    method: "HEAD",
    template: ONE,
    async handle({ catalog }, req) {
      const id = tableId(req);
      if (!(await catalog.tableExists(id))) await catalog.loadTable(id); // TABLE_NOT_FOUND
      return NO_CONTENT;
    },
  },
  {
    method: "DELETE",
    template: ONE,
    async handle({ catalog }, req) {
      const purge = (req.query.get("purgeRequested") ?? "false").toLowerCase() === "true";
      const id = tableId(req);
      if (purge) {
        const t = await catalog.loadTable(id);
        checkPurgeAllowed(t.metadata.location, warehouseOf(catalog), formatTableIdentifier(id));
      }
      await catalog.dropTable(id, { purge });
      return NO_CONTENT;
    },
  },
  {
    method: "POST",
    template: ONE,
    async handle({ catalog }, req) {
      const t = await commitTable(catalog, tableId(req), parseCommitTableRequest(req.body));
      return ok(loadTableResultJson(t.metadataLocation, t.metadata));
    },
  },
  {
    method: "POST",
    template: "/v1/{prefix}/namespaces/{namespace}/register",
    async handle(ctx, req) {
      const r = parseRegisterTableRequest(req.body);
      const t = await ctx.catalog.registerTable(
        parseTableIdentifier([...req.namespace, r.name]),
        r.metadataLocation,
      );
      return ok(loadResult(ctx, req, t.metadataLocation, t.metadata));
    },
  },
  {
    method: "POST",
    template: "/v1/{prefix}/tables/rename",
    async handle({ catalog }, req) {
      const r = parseRenameTableRequest(req.body);
      await renameTable(catalog, r.source, r.destination);
      return NO_CONTENT;
    },
  },
];

function tableId(req: RestRequest): TableIdentifier {
  return parseTableIdentifier([...req.namespace, req.table]);
}

/**
 * A LoadTableResult for `t`; when the client asks for vended credentials, the server's storage
 * properties go in `config` and, scoped to the table's location, in `storage-credentials`.
 */
function loadResult(
  ctx: ServerContext,
  req: RestRequest,
  location: string | undefined,
  m: TableMetadata,
): string {
  const asked = String(req.headers["x-iceberg-access-delegation"] ?? "")
    .split(",")
    .some((mode) => mode.trim() === "vended-credentials");
  if (!asked) return loadTableResultJson(location, m, {});
  return loadTableResultJson(location, m, { ...ctx.storageProperties }, credentials(ctx, m));
}

function credentials(ctx: ServerContext, m: TableMetadata): StorageCredential[] {
  return Object.keys(ctx.storageProperties).length === 0
    ? []
    : [{ prefix: m.location, config: { ...ctx.storageProperties } }];
}

import { LakelabError } from "../../../errors";
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
import { listTablesJson, loadTableResultJson } from "./rest-responses.serde";
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
      if (r.stageCreate) return ok(loadTableResultJson(undefined, metadata, vended(ctx, req)));
      const created = await catalog.createTable(id, metadata);
      return ok(loadTableResultJson(created.metadataLocation, created.metadata, vended(ctx, req)));
    },
  },
  {
    method: "GET",
    template: ONE,
    async handle(ctx, req) {
      const t = await ctx.catalog.loadTable(tableId(req));
      return ok(loadTableResultJson(t.metadataLocation, t.metadata, vended(ctx, req)));
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
      return ok(loadTableResultJson(t.metadataLocation, t.metadata, vended(ctx, req)));
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

/** The table config: the server's storage properties when the client asks for vended credentials. */
function vended(ctx: ServerContext, req: RestRequest): Record<string, string> {
  const asked = String(req.headers["x-iceberg-access-delegation"] ?? "")
    .split(",")
    .some((m) => m.trim() === "vended-credentials");
  return asked ? { ...ctx.storageProperties } : {};
}

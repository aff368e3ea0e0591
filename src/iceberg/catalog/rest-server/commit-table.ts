import { isLakelabError, LakelabError } from "../../../errors";
import type { TableMetadata } from "../../spec/table-metadata";
import { parseTableMetadata, serializeTableMetadata } from "../../spec/table-metadata.serde";
import { applyUpdates } from "../../transaction/apply-updates";
import { checkRequirements } from "../../transaction/check-requirements";
import type { TableUpdate } from "../../transaction/table-update";
import type { Catalog, LoadedTable } from "../catalog";
import { formatTableIdentifier, type TableIdentifier } from "../table-identifier";
import type { CommitTableRequest } from "./rest-requests.serde";

/** How often a commit whose pointer swap lost a race is re-applied to the new current metadata. */
const SWAP_ATTEMPTS = 3;

/**
 * Applies a CommitTableRequest. With `assert-create` (after a stage-create) the updates build
 * the table's first metadata; otherwise the catalog checks the requirements against the
 * current metadata and swaps the pointer. A lost swap is replayed on the new metadata, where
 * the requirements are checked again, so a client whose base is gone still gets a conflict.
 */
export async function commitTable(
  catalog: Catalog,
  id: TableIdentifier,
  request: CommitTableRequest,
): Promise<LoadedTable> {
  if (request.identifier && formatTableIdentifier(request.identifier) !== formatTableIdentifier(id)) {
    throw new LakelabError(
      "BAD_REQUEST",
      `the body names table ${formatTableIdentifier(request.identifier)} but the path names ${formatTableIdentifier(id)}`,
    );
  }
  const updates = resolveLastAdded(request.updates);
  if (request.requirements.some((r) => r.type === "assert-create")) {
    return createFromCommit(catalog, id, request, updates);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await catalog.commitTable(id, request.requirements, updates);
    } catch (err) {
      if (!isLakelabError(err, "COMMIT_CONFLICT") || !err.retryable || attempt >= SWAP_ATTEMPTS) throw err;
    }
  }
}

async function createFromCommit(
  catalog: Catalog,
  id: TableIdentifier,
  request: CommitTableRequest,
  updates: readonly TableUpdate[],
): Promise<LoadedTable> {
  const name = formatTableIdentifier(id);
  const exists = await catalog.tableExists(id);
  checkRequirements(exists ? (await catalog.loadTable(id)).metadata : undefined, request.requirements, name);
  const built = applyUpdates(skeleton(catalog.defaultTableLocation(id), updates), updates);
  // the round trip validates what the updates built (a schema, a spec, refs to real snapshots)
  const metadata = parseTableMetadata(
    serializeTableMetadata(built),
    `metadata built by the commit to ${name}`,
  );
  try {
    return await catalog.createTable(id, metadata);
  } catch (err) {
    if (!isLakelabError(err, "TABLE_ALREADY_EXISTS")) throw err;
    throw new LakelabError(
      "COMMIT_CONFLICT",
      `commit to ${name} failed: the table was created concurrently`,
      {
        context: { table: name, requirement: "assert-create" },
        cause: err,
      },
    );
  }
}

/** Empty metadata the create updates are applied to; they set every id it leaves at -1. */
function skeleton(defaultLocation: string, updates: readonly TableUpdate[]): TableMetadata {
  const upgrade = updates.find((u) => u.action === "upgrade-format-version");
  return {
    formatVersion: upgrade?.action === "upgrade-format-version" ? upgrade.formatVersion : 2,
    tableUuid: crypto.randomUUID(),
    location: defaultLocation,
    lastSequenceNumber: 0n,
    lastUpdatedMs: Date.now(),
    lastColumnId: 0,
    schemas: [],
    currentSchemaId: -1,
    partitionSpecs: [],
    defaultSpecId: -1,
    lastPartitionId: 999,
    properties: {},
    snapshots: [],
    snapshotLog: [],
    metadataLog: [],
    sortOrders: [],
    defaultSortOrderId: -1,
    refs: {},
  };
}

/**
 * `set-default-sort-order` with -1 means "the order added last in this commit" (as
 * set-current-schema and set-default-spec do); resolved here so the catalog sees real ids.
 */
function resolveLastAdded(updates: readonly TableUpdate[]): TableUpdate[] {
  let lastOrderId: number | undefined;
  return updates.map((u) => {
    if (u.action === "add-sort-order") lastOrderId = u.sortOrder.orderId;
    if (u.action === "set-default-sort-order" && u.sortOrderId === -1 && lastOrderId !== undefined) {
      return { ...u, sortOrderId: lastOrderId };
    }
    return u;
  });
}

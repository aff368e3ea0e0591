/**
 * Request bodies of the REST catalog spec (open-api/rest-catalog-open-api.yaml), parsed and
 * validated at the door: a body that is not JSON, misses a required field or has one of the
 * wrong type is BAD_REQUEST (400) naming the field; raw JSON goes no further than this file.
 */
import { isLakelabError, LakelabError } from "../../../errors";
import { JsonFields, parseJson } from "../../spec/json";
import type { PartitionSpec } from "../../spec/partition-spec";
import { parsePartitionFields } from "../../spec/partition-spec.serde";
import type { Schema } from "../../spec/schema";
import { parseSchema } from "../../spec/schema.serde";
import type { SortOrder } from "../../spec/sort-order";
import { parseSortOrder } from "../../spec/sort-order.serde";
import type { TableRequirement } from "../../transaction/table-requirement";
import type { TableUpdate } from "../../transaction/table-update";
import { parseNamespace, parseTableIdentifier, type TableIdentifier } from "../table-identifier";
import { badRequest } from "./rest-error";
import { parseRequirement, parseUpdate, strings } from "./table-changes.serde";

/** "CreateNamespaceRequest" */
export interface CreateNamespaceRequest {
  readonly namespace: string[];
  readonly properties: Record<string, string>;
}

/** "UpdateNamespacePropertiesRequest" */
export interface UpdateNamespacePropertiesRequest {
  readonly removals: string[];
  readonly updates: Record<string, string>;
}

/** "CreateTableRequest" */
export interface CreateTableRequest {
  readonly name: string;
  readonly location?: string;
  readonly schema: Schema;
  readonly partitionSpec?: PartitionSpec;
  readonly writeOrder?: SortOrder;
  readonly stageCreate: boolean;
  readonly properties: Record<string, string>;
}

/** "RegisterTableRequest" */
export interface RegisterTableRequest {
  readonly name: string;
  readonly metadataLocation: string;
}

/** "RenameTableRequest" */
export interface RenameTableRequest {
  readonly source: TableIdentifier;
  readonly destination: TableIdentifier;
}

/** "CommitTableRequest" */
export interface CommitTableRequest {
  readonly identifier?: TableIdentifier;
  readonly requirements: TableRequirement[];
  readonly updates: TableUpdate[];
}

export function parseCreateNamespaceRequest(text: string): CreateNamespaceRequest {
  return body(text, "CreateNamespaceRequest", (f) => ({
    namespace: parseNamespace(strings(f, "namespace")),
    properties: f.has("properties") ? f.strMap("properties") : {},
  }));
}

export function parseUpdateNamespacePropertiesRequest(text: string): UpdateNamespacePropertiesRequest {
  return body(text, "UpdateNamespacePropertiesRequest", (f) => {
    const removals = f.has("removals") ? strings(f, "removals") : [];
    const updates = f.has("updates") ? f.strMap("updates") : {};
    const both = removals.filter((k) => k in updates);
    if (both.length > 0) {
      throw badRequest(`properties ${both.join(", ")} are both updated and removed`, { keys: both });
    }
    return { removals, updates };
  });
}

export function parseCreateTableRequest(text: string): CreateTableRequest {
  return body(text, "CreateTableRequest", (f) => {
    const spec = f.has("partition-spec") ? f.obj_("partition-spec") : undefined;
    const location = f.optStr("location");
    return {
      name: f.str("name"),
      ...(location !== undefined ? { location: location.replace(/\/+$/, "") } : {}),
      schema: parseSchema(f.raw("schema"), "schema", f.source),
      ...(spec
        ? { partitionSpec: { specId: 0, fields: parsePartitionFields(spec.objects("fields"), f.source) } }
        : {}),
      ...(f.has("write-order")
        ? { writeOrder: parseSortOrder(f.raw("write-order"), "write-order", f.source) }
        : {}),
      stageCreate: f.optBool("stage-create") ?? false,
      properties: f.has("properties") ? f.strMap("properties") : {},
    };
  });
}

export function parseRegisterTableRequest(text: string): RegisterTableRequest {
  return body(text, "RegisterTableRequest", (f) => {
    if (f.optBool("overwrite")) throw badRequest("register with overwrite is not supported");
    return { name: f.str("name"), metadataLocation: f.str("metadata-location") };
  });
}

export function parseRenameTableRequest(text: string): RenameTableRequest {
  return body(text, "RenameTableRequest", (f) => ({
    source: identifier(f.obj_("source")),
    destination: identifier(f.obj_("destination")),
  }));
}

export function parseCommitTableRequest(text: string): CommitTableRequest {
  return body(text, "CommitTableRequest", (f) => ({
    ...(f.has("identifier") ? { identifier: identifier(f.obj_("identifier")) } : {}),
    requirements: f.objects("requirements").map(parseRequirement),
    updates: f.objects("updates").map(parseUpdate),
  }));
}

function identifier(f: JsonFields): TableIdentifier {
  return parseTableIdentifier([...strings(f, "namespace"), f.str("name")]);
}

/**
 * Parses `text` as a JSON object and runs `read` on it; the spec layer's METADATA_CORRUPT and
 * the identifier checks become BAD_REQUEST naming the request component.
 */
function body<T>(text: string, component: string, read: (f: JsonFields) => T): T {
  try {
    return read(JsonFields.of(parseJson(text, `${component} body`), "", `${component} body`));
  } catch (err) {
    if (
      isLakelabError(
        err,
        "METADATA_CORRUPT",
        "INVALID_IDENTIFIER",
        "UNSUPPORTED_FEATURE",
        "NOT_SUPPORTED",
        "INVALID_ARGUMENT",
      )
    ) {
      throw new LakelabError("BAD_REQUEST", err.message, { context: err.context, cause: err });
    }
    throw err;
  }
}

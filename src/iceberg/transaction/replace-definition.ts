import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import type { TableMetadata } from "../spec/table-metadata";
import { currentSchema, specById } from "./manifest-io";
import type { TableUpdate } from "./table-update";
import type { Action, ActionResult } from "./transaction";

/**
 * The metadata half of REPLACE TABLE: makes `schema` (ids already assigned against the table)
 * and `spec` current, adding them as new versions only when they differ, and sets properties.
 * The table keeps its uuid, history and older snapshots.
 */
export class ReplaceDefinition implements Action {
  constructor(
    private readonly schema: Schema,
    private readonly lastColumnId: number,
    private readonly spec: PartitionSpec | undefined,
    private readonly properties: Readonly<Record<string, string>> = {},
  ) {}

  async produce(m: TableMetadata): Promise<ActionResult> {
    const updates: TableUpdate[] = [];
    if (JSON.stringify(currentSchema(m).fields) !== JSON.stringify(this.schema.fields)) {
      updates.push(
        { action: "add-schema", schema: this.schema, lastColumnId: this.lastColumnId },
        { action: "set-current-schema", schemaId: -1 },
      );
    }
    if (
      this.spec &&
      JSON.stringify(specById(m, m.defaultSpecId).fields) !== JSON.stringify(this.spec.fields)
    ) {
      updates.push({ action: "add-spec", spec: this.spec }, { action: "set-default-spec", specId: -1 });
    }
    if (Object.keys(this.properties).length > 0)
      updates.push({ action: "set-properties", updates: this.properties });
    return {
      updates,
      requirements: [
        { type: "assert-table-uuid", uuid: m.tableUuid },
        { type: "assert-current-schema-id", currentSchemaId: m.currentSchemaId },
      ],
    };
  }
}

/**
 * Reads a table at one snapshot into Arrow: plan (prune manifests and files), read each Parquet
 * file by field id, apply deletes and the row filter, keep the selected columns, concatenate.
 * @example await new TableScan(metadata, io, { snapshotId, columns: ["id"], filter: gt("id", 10) }).toArrow()
 */
import * as arrow from "apache-arrow";
import type { ArrowRecord } from "../../dataframe/arrow-like";
import type { DataFrame } from "../../dataframe/data-frame-like";
import { toDataFrame } from "../../dataframe/to-data-frame";
import { toRecords } from "../../dataframe/to-records";
import { LakelabError } from "../../errors";
import { icebergToArrowField } from "../arrow/iceberg-to-arrow-schema";
import { type BoundExpression, bindExpression, referencedFieldIds } from "../expressions/bound-expression";
import { evaluate } from "../expressions/evaluator";
import type { Expression } from "../expressions/expression";
import type { FileIO } from "../io/file-io";
import type { NestedField, Schema } from "../spec/schema";
import type { Snapshot } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import { takeRows } from "../writer/take-rows";
import { columnReader, type ValueAt } from "./column-reader";
import { DeleteLoader } from "./delete-filter";
import type { FileScanTask } from "./file-scan-task";
import { type PlanStats, planFiles } from "./plan-files";
import { parseNameMapping, readDataFile } from "./read-data-file";
import { resolveSnapshot, type SnapshotSelector } from "./snapshot-resolver";

/** Files read and decoded ahead of the consumer: enough to keep the worker threads and the network busy. */
const DEFAULT_READ_AHEAD = 4;

/** Data-file bytes read ahead at most (beyond the first file): decoded, about five times as much. */
const READ_AHEAD_BYTES = 64 * 1024 * 1024;

export interface ScanOptions extends SnapshotSelector {
  /** Top-level columns to return, in this order (default: all, in schema order). */
  readonly columns?: readonly string[];
  /** Row filter; also prunes manifests and files by partition values and column bounds. */
  readonly filter?: Expression;
  /** Name used in error messages (default: the table location). */
  readonly tableName?: string;
}

function assertReadable(fields: readonly NestedField[], table: string): void {
  for (const f of fields) {
    const t = f.type;
    if (t === "variant" || t === "unknown") {
      throw new LakelabError(
        "UNSUPPORTED_FEATURE",
        `column '${f.name}' of ${table} has the v3 type '${t}', which lakelab cannot read`,
        {
          context: { table, column: f.name, feature: `${t} type` },
        },
      );
    }
    if (typeof t !== "string" && t.type === "struct") assertReadable(t.fields, table);
  }
}

export class TableScan {
  readonly snapshot: Snapshot | undefined;
  /** The schema the snapshot is read with (the snapshot's own for time travel). */
  readonly tableSchema: Schema;
  private readonly output: NestedField[];
  private readonly filter: BoundExpression;
  private readonly tableName: string;
  readonly stats: PlanStats = {
    manifests: 0,
    manifestsSkipped: 0,
    dataFiles: 0,
    dataFilesSkipped: 0,
    deleteFiles: 0,
  };

  constructor(
    readonly metadata: TableMetadata,
    readonly io: FileIO,
    options: ScanOptions = {},
  ) {
    this.tableName = options.tableName ?? metadata.location;
    const resolved = resolveSnapshot(metadata, options, this.tableName);
    this.snapshot = resolved.snapshot;
    this.tableSchema = resolved.schema;
    this.output = (options.columns ?? this.tableSchema.fields.map((f) => f.name)).map((c) => {
      const f = this.tableSchema.fields.find((x) => x.name === c);
      if (!f) {
        throw new LakelabError(
          "COLUMN_NOT_FOUND",
          `column '${c}' is not a top-level column of ${this.tableName}; columns are ${this.tableSchema.fields.map((x) => x.name).join(", ")}`,
          { context: { table: this.tableName, column: c } },
        );
      }
      return f;
    });
    assertReadable(this.output, this.tableName);
    this.filter = options.filter ? bindExpression(options.filter, this.tableSchema) : { op: "true" };
    for (const id of referencedFieldIds(this.filter)) {
      if (!this.tableSchema.fields.some((f) => f.id === id)) {
        throw new LakelabError(
          "NOT_SUPPORTED",
          `row filters on nested fields are not supported yet; filter on top-level columns of ${this.tableName}`,
          {
            context: { table: this.tableName, fieldId: id },
          },
        );
      }
    }
  }

  /** The Arrow schema of what `toArrow` returns (fields carry `PARQUET:field_id`). */
  arrowSchema(): arrow.Schema {
    return new arrow.Schema(this.output.map(icebergToArrowField));
  }

  /** Data files to read, each with the delete files that apply to it. */
  async planFiles(): Promise<FileScanTask[]> {
    if (!this.snapshot) return [];
    Object.assign(this.stats, {
      manifests: 0,
      manifestsSkipped: 0,
      dataFiles: 0,
      dataFilesSkipped: 0,
      deleteFiles: 0,
    });
    return planFiles(this.metadata, this.io, this.snapshot, this.tableSchema, this.filter, this.stats);
  }

  /**
   * The rows as Arrow record batches, file by file in plan order, so a table larger than memory
   * can be read piece by piece: at most `readAhead` files (default 4), and beyond the first
   * at most 64 MiB of them, are read and decoded ahead of the batch being consumed. Stopping
   * early (`break`) reads no further files.
   * @example for await (const batch of table.scan().toArrowBatches()) total += batch.numRows;
   */
  async *toArrowBatches(options: { readonly readAhead?: number } = {}): AsyncGenerator<arrow.RecordBatch> {
    const schema = this.arrowSchema();
    const tasks = await this.planFiles();
    const deletes = new DeleteLoader(this.io, this.tableSchema);
    const nameMapping = parseNameMapping(this.metadata.properties["schema.name-mapping.default"]);
    const filterIds = referencedFieldIds(this.filter);
    const readAhead = Math.max(1, Math.floor(options.readAhead ?? DEFAULT_READ_AHEAD));
    const ahead: Promise<arrow.Table>[] = [];
    let next = 0;
    const sizes: number[] = [];
    const fill = (): void => {
      while (next < tasks.length && ahead.length < readAhead) {
        // Large files fill the window by bytes: both workers are busy with one such file already.
        const size = Number(tasks[next]!.dataFile.fileSizeInBytes);
        if (ahead.length > 0 && sizes.reduce((a, b) => a + b, 0) + size > READ_AHEAD_BYTES) break;
        const read = this.readTask(tasks[next++]!, deletes, filterIds, nameMapping);
        // A failure is thrown when its turn comes; until then it must not count as unhandled.
        read.catch(() => undefined);
        ahead.push(read);
        sizes.push(size);
      }
    };
    fill();
    while (ahead.length > 0) {
      const table = await ahead.shift()!;
      sizes.shift();
      fill();
      for (const b of table.batches) {
        const struct = arrow.makeData({
          type: new arrow.Struct(schema.fields),
          length: b.numRows,
          nullCount: 0,
          children: b.data.children,
        });
        yield new arrow.RecordBatch(schema, struct);
      }
    }
  }

  /** All rows as one Arrow table (the batches of `toArrowBatches`, kept). */
  async toArrow(): Promise<arrow.Table> {
    const schema = this.arrowSchema();
    const batches: arrow.RecordBatch[] = [];
    for await (const batch of this.toArrowBatches()) batches.push(batch);
    return batches.length > 0 ? new arrow.Table(schema, batches) : new arrow.Table(schema);
  }

  /** The rows as plain objects (int64 → bigint, timestamps → Date; see dataframe/toRecords). */
  async toRecords(): Promise<ArrowRecord[]> {
    return toRecords(await this.toArrow());
  }

  /** A danfojs DataFrame (danfojs is loaded on first use). */
  async toDataFrame(): Promise<DataFrame> {
    return toDataFrame(await this.toArrow());
  }

  private async readTask(
    task: FileScanTask,
    deletes: DeleteLoader,
    filterIds: Set<number>,
    nameMapping: Map<string, number> | undefined,
  ): Promise<arrow.Table> {
    const extraIds = new Set([...filterIds, ...deletes.equalityFieldIds(task.deletes)]);
    const outIds = new Set(this.output.map((f) => f.id));
    const extra = this.tableSchema.fields.filter((f) => extraIds.has(f.id) && !outIds.has(f.id));
    const fields = [...this.output, ...extra];
    const table = await readDataFile(this.io, task.dataFile.filePath, fields, nameMapping, {
      size: Number(task.dataFile.fileSizeInBytes),
      wholeFile: fields.length >= this.tableSchema.fields.length,
    });
    if (task.deletes.length === 0 && this.filter.op === "true") return table;

    const keep = new Uint8Array(table.numRows).fill(1);
    await deletes.apply(table, task.dataFile.filePath, task.deletes, keep);
    if (this.filter.op !== "true") {
      const readers = new Map<number, ValueAt>();
      fields.forEach((f, i) => {
        if (filterIds.has(f.id) && typeof f.type === "string")
          readers.set(f.id, columnReader(table.getChildAt(i)!, f.type));
      });
      for (let i = 0; i < keep.length; i++)
        if (keep[i]) keep[i] = evaluate(this.filter, (id) => readers.get(id)?.(i) ?? null) ? 1 : 0;
    }
    let kept = 0;
    for (let i = 0; i < keep.length; i++) kept += keep[i]!;
    const selected = extra.length > 0 ? table.selectAt(this.output.map((_, i) => i)) : table;
    if (kept === keep.length) return selected;
    const indices = new Int32Array(kept);
    for (let i = 0, k = 0; i < keep.length; i++) if (keep[i]) indices[k++] = i;
    return takeRows(selected, indices);
  }
}

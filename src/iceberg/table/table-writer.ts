import * as arrow from "apache-arrow";
import type { ArrowLike } from "../../dataframe/arrow-like";
import type { DataFrameLike } from "../../dataframe/data-frame-like";
import { toArrow } from "../../dataframe/to-arrow";
import { isLakelabError, LakelabError } from "../../errors";
import { arrowToIcebergSchema } from "../arrow/arrow-to-iceberg-schema";
import { conformToSchema } from "../arrow/conform-to-schema";
import { icebergToArrowSchema } from "../arrow/iceberg-to-arrow-schema";
import type { Catalog } from "../catalog/catalog";
import { formatTableIdentifier, type TableIdentifier } from "../catalog/table-identifier";
import type { FileIO } from "../io/file-io";
import type { DataFile } from "../spec/manifest";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import type { TableMetadata } from "../spec/table-metadata";
import { applyUpdates } from "../transaction/apply-updates";
import { FastAppend } from "../transaction/fast-append";
import { currentSchema } from "../transaction/manifest-io";
import { newTableMetadata } from "../transaction/new-table-metadata";
import { OverwriteAll } from "../transaction/overwrite";
import { ReplaceDefinition } from "../transaction/replace-definition";
import type { ParquetWriterOptions } from "../writer/parquet-writer";
import { writeDataFiles, writerOptionsFor } from "../writer/write-data-files";
import { buildPartitionSpec, type PartitionByField } from "./partition-by";
import { type SnapshotInfo, toSnapshotInfo } from "./snapshot-info";
import { Table } from "./table";

export type WriteData = ArrowLike | DataFrameLike | arrow.Table;

export interface WriteOptions extends ParquetWriterOptions {
  /** Partitioning of a table that createOrReplace creates or replaces (default: unpartitioned). */
  readonly partitionBy?: readonly PartitionByField[];
  /** Table properties set by createOrReplace. */
  readonly properties?: Readonly<Record<string, string>>;
}

/**
 * `catalog.writeTo("default.training")`, as in Spark's DataFrameWriterV2: `createOrReplace`
 * makes the table hold exactly `data` (keeping the table's uuid, history and old snapshots
 * when it exists), `append` adds rows to an existing table. Both return the new snapshot.
 */
export class TableWriter {
  constructor(
    private readonly catalog: Catalog,
    private readonly identifier: TableIdentifier,
    private readonly options: WriteOptions = {},
  ) {}

  /** Appends rows; the data must fit the table schema (SCHEMA_MISMATCH / NULL_IN_REQUIRED_COLUMN otherwise). */
  async append(data: WriteData): Promise<SnapshotInfo> {
    const table = await this.load();
    const input = toArrow(data as ArrowLike);
    // `[]` has no columns to check: an empty append, as Spark commits for an empty DataFrame.
    const conformed =
      input.numRows === 0 && input.schema.fields.length === 0
        ? new arrow.Table(icebergToArrowSchema(table.schema()))
        : conformToSchema(input, table.schema(), table.name);
    return this.commitFiles(table, conformed, (files) => [new FastAppend(files)]);
  }

  /**
   * Creates the table from `data`, or replaces its content and definition: the schema of
   * `data` becomes the current schema (a new schema version only when it changed, field ids
   * kept by name), all live files are deleted and the new ones added in one "overwrite" snapshot.
   */
  async createOrReplace(data: WriteData): Promise<SnapshotInfo> {
    const input = toArrow(data as ArrowLike);
    if (input.schema.fields.length === 0) {
      throw new LakelabError(
        "INVALID_ARGUMENT",
        `cannot create ${formatTableIdentifier(this.identifier)} from data without columns; give at least one column (an empty Arrow table with a schema is fine)`,
        { context: { table: formatTableIdentifier(this.identifier) } },
      );
    }
    if (!(await this.catalog.tableExists(this.identifier))) {
      try {
        return await this.create(input);
      } catch (err) {
        if (!isLakelabError(err, "TABLE_ALREADY_EXISTS")) throw err;
      }
    }
    const table = await this.load();
    const m = table.metadata;
    const { schema, lastColumnId } = arrowToIcebergSchema(input.schema, {
      base: currentSchema(m),
      lastColumnId: m.lastColumnId,
    });
    const spec = buildPartitionSpec(
      this.options.partitionBy ?? [],
      schema,
      m.partitionSpecs,
      m.lastPartitionId,
    );
    const conformed = conformToSchema(input, schema, table.name);
    const definition = new ReplaceDefinition(schema, lastColumnId, spec, this.options.properties);
    return this.commitFiles(table, conformed, (files) => [definition, new OverwriteAll(files)], {
      schema,
      spec,
    });
  }

  /**
   * Creates the table together with its first snapshot in one catalog insert, so a writer
   * killed midway leaves no table rather than an empty one (Spark's atomic create).
   */
  private async create(input: arrow.Table): Promise<SnapshotInfo> {
    const { schema, lastColumnId } = arrowToIcebergSchema(input.schema);
    const spec = buildPartitionSpec(this.options.partitionBy ?? [], schema);
    const draft = newTableMetadata({
      location: "",
      schema,
      lastColumnId,
      partitionSpec: spec,
      properties: {
        "write.parquet.compression-codec": this.options.compression ?? "zstd",
        ...this.options.properties,
      },
    });
    const name = formatTableIdentifier(this.identifier);
    const { location, io } = this.catalog.stageTable
      ? await this.catalog.stageTable(this.identifier, draft)
      : { location: this.catalog.defaultTableLocation(this.identifier), io: this.catalog.io };
    const metadata: TableMetadata = { ...draft, location: location.replace(/\/+$/, "") };
    const [tableSchema, tableSpec] = [currentSchema(metadata), metadata.partitionSpecs[0]!];
    const conformed = conformToSchema(input, tableSchema, name);
    const files = await writeDataFiles(
      io,
      metadata.location,
      tableSchema,
      tableSpec,
      conformed,
      writerOptionsFor(metadata.properties, this.options),
    );
    const append = new FastAppend(files);
    try {
      const notYet = () => Promise.reject(new LakelabError("TABLE_NOT_FOUND", `${name} is being created`));
      const { updates } = await append.produce(metadata, {
        tableName: name,
        io,
        refresh: notYet,
        commit: notYet,
      });
      const loaded = await this.catalog.createTable(this.identifier, applyUpdates(metadata, updates));
      return toSnapshotInfo(loaded.metadata.snapshots.find((s) => s.snapshotId === append.snapshotId)!);
    } catch (err) {
      // An unknown outcome (a REST commit answered 5xx) may have created the table with these files.
      if (!isLakelabError(err, "COMMIT_STATE_UNKNOWN"))
        await Promise.all(files.map((f) => io.delete(f.filePath)));
      throw err;
    }
  }

  private async load(): Promise<Table> {
    const loaded = await this.catalog.loadTable(this.identifier);
    return tableOf(this.catalog, this.identifier, loaded.metadata, loaded.metadataLocation, loaded.io);
  }

  /** Writes the data files, commits the actions built on them, and cleans the files up if the commit surely failed. */
  private async commitFiles(
    table: Table,
    data: arrow.Table,
    actions: (files: DataFile[]) => (FastAppend | OverwriteAll | ReplaceDefinition)[],
    layout?: { schema: Schema; spec: PartitionSpec },
  ): Promise<SnapshotInfo> {
    const spec = layout?.spec ?? table.spec();
    const schema = layout?.schema ?? table.schema();
    const properties = { ...table.properties(), ...this.options.properties };
    const options = writerOptionsFor(properties, this.options);
    const files = await writeDataFiles(table.io, table.location, schema, spec, data, options);
    const built = actions(files);
    let committed: TableMetadata;
    try {
      // `table` was loaded by append / createOrReplace just before: no second metadata read.
      committed = await table.commitActions(built, { fresh: true });
    } catch (err) {
      // An unknown outcome may have committed these files: never delete them then.
      if (!isLakelabError(err, "COMMIT_STATE_UNKNOWN")) {
        await Promise.all(files.map((f) => table.io.delete(f.filePath)));
      }
      throw err;
    }
    const producer = built.find((a) => a instanceof FastAppend || a instanceof OverwriteAll) as
      | FastAppend
      | OverwriteAll;
    return toSnapshotInfo(committed.snapshots.find((s) => s.snapshotId === producer.snapshotId)!);
  }
}

export function tableOf(
  catalog: Catalog,
  id: TableIdentifier,
  metadata: TableMetadata,
  metadataLocation: string,
  io: FileIO = catalog.io,
): Table {
  return new Table({
    name: formatTableIdentifier(id),
    identifier: id,
    catalog,
    io,
    metadata,
    metadataLocation,
  });
}

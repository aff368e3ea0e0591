/**
 * The assertions every interop test makes about one table: pyiceberg, reading only the catalog
 * row and the files, sees exactly what lakelab sees.
 *
 * Deliberate gaps (columns pyiceberg has and lakelab's metadata tables do not): files and
 * entries' `readable_metrics`, `key_metadata`, `split_offsets`, `equality_ids`; entries' nested
 * `data_file` is compared on the fields lakelab flattens (file_path, file_format, partition,
 * record_count, file_size_in_bytes); manifests' `partition_summaries`.
 */
import { expect } from "vitest";
import type { Table } from "../../../src/iceberg";
import { canon, comparable } from "./canonical";
import { type LakelabView, pySchemaJson, schemaJson, specJson } from "./lakelab-view";
import type { TableReport } from "./pyiceberg-reader";

const ENTRY_FILE_FIELDS = ["file_path", "file_format", "partition", "record_count", "file_size_in_bytes"];

/** pyiceberg's entries with `data_file` flattened the way lakelab's entries table shows it. */
function flatEntries(rows: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => {
    const df = r.data_file as Record<string, unknown>;
    const out: Record<string, unknown> = {
      status: r.status,
      snapshot_id: r.snapshot_id,
      sequence_number: r.sequence_number,
      file_sequence_number: r.file_sequence_number,
    };
    for (const f of ENTRY_FILE_FIELDS) out[f] = df[f];
    return out;
  });
}

const columnsOf = (rows: readonly Record<string, unknown>[], fallback: readonly string[]) =>
  rows.length > 0 ? Object.keys(rows[0]!) : fallback;

export function expectSameTable(table: Table, py: TableReport, ll: LakelabView): void {
  const m = table.metadata;
  const name = table.name;
  expect(py.metadata_location, `${name}: metadata location`).toBe(table.metadataLocation);
  expect(py.table_uuid, `${name}: uuid`).toBe(m.tableUuid);
  expect(py.format_version, `${name}: format version`).toBe(BigInt(m.formatVersion));
  expect(py.current_snapshot_id, `${name}: current snapshot`).toBe(ll.current_snapshot_id);
  expect(py.current_schema_id, `${name}: current schema id`).toBe(BigInt(m.currentSchemaId));
  expect(py.schemas.map(pySchemaJson), `${name}: schemas`).toEqual(m.schemas.map(schemaJson));
  expect(py.default_spec_id, `${name}: default spec id`).toBe(BigInt(m.defaultSpecId));
  expect(canon(py.specs), `${name}: partition specs`).toEqual(m.partitionSpecs.map(specJson));
  expect(py.refs, `${name}: refs`).toEqual(
    canon(
      Object.fromEntries(
        Object.entries(m.refs).map(([k, r]) => [
          k,
          {
            "snapshot-id": r.snapshotId,
            type: r.type,
            ...(r.minSnapshotsToKeep !== undefined ? { "min-snapshots-to-keep": r.minSnapshotsToKeep } : {}),
            ...(r.maxSnapshotAgeMs !== undefined ? { "max-snapshot-age-ms": r.maxSnapshotAgeMs } : {}),
            ...(r.maxRefAgeMs !== undefined ? { "max-ref-age-ms": r.maxRefAgeMs } : {}),
          },
        ]),
      ),
    ),
  );
  expect(py.properties, `${name}: properties`).toEqual(m.properties);

  expect(
    py.snapshots.map((s) => s.snapshot_id),
    `${name}: snapshot ids`,
  ).toEqual(ll.snapshots.map((s) => s.snapshot_id));
  py.snapshots.forEach((ps, i) => {
    const ls = ll.snapshots[i]!;
    const at = `${name}@${ls.snapshot_id}`;
    expect([ps.parent_id, ps.sequence_number, ps.schema_id], `${at}: parent, sequence, schema`).toEqual([
      ls.parent_id,
      ls.sequence_number,
      ls.schema_id,
    ]);
    expect(ps.summary, `${at}: summary`).toEqual(ls.summary);
    expect(comparable(ps.rows), `${at}: rows`).toEqual(comparable(ls.rows));
    const cols = columnsOf(ls.files, []);
    expect(comparable(ps.files, cols), `${at}: files table`).toEqual(comparable(ls.files));
    expect(comparable(flatEntries(ps.entries)), `${at}: entries table`).toEqual(
      comparable(ls.entries, [
        "status",
        "snapshot_id",
        "sequence_number",
        "file_sequence_number",
        ...ENTRY_FILE_FIELDS,
      ]),
    );
    const p = ps.partitions;
    expect(p.mismatches, `${at}: partition values pyiceberg's transforms give vs the manifests`).toEqual([]);
    for (const f of p.files) expect(f.rows_in_file, `${at}: rows in ${f.file_path}`).toBe(f.record_count);
    // Every row of every live file was checked against every field of its spec: nothing vacuous.
    const fieldsOf = (specId: bigint) =>
      m.partitionSpecs.find((s) => BigInt(s.specId) === specId)!.fields.length;
    const expected = p.files.reduce((n, f) => n + f.record_count * BigInt(fieldsOf(f.spec_id)), 0n);
    expect(p.checked_values, `${at}: partition values checked`).toBe(expected);
    expect(BigInt(p.files.length), `${at}: live files`).toBe(BigInt(ls.files.length));
  });

  for (const t of ["history", "snapshots", "refs", "manifests"] as const) {
    const mine = ll.inspect[t];
    expect(comparable(py.inspect[t], columnsOf(mine, [])), `${name}: inspect.${t}`).toEqual(comparable(mine));
  }
  expect(
    py.filters.map((rows) => comparable(rows)),
    `${name}: filtered scans`,
  ).toEqual(ll.filters.map((rows) => comparable(rows)));
}

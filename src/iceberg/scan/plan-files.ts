/**
 * Scan planning: manifest list → manifests (pruned by partition summaries) → live data files
 * (pruned by partition values and column metrics) → delete files assigned by sequence number.
 */
import { LakelabError } from "../../errors";
import type { BoundExpression } from "../expressions/bound-expression";
import { evaluate, mightMatch } from "../expressions/evaluator";
import type { IcebergValue } from "../expressions/literal";
import type { FileIO } from "../io/file-io";
import type { ManifestFile } from "../spec/manifest";
import { readManifest } from "../spec/manifest.serde";
import { readManifestList } from "../spec/manifest-list.serde";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import { indexFieldsById } from "../spec/schema.serde";
import type { Snapshot } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import { projectToPartition } from "../transforms/project-predicate";
import { bindTransform } from "../transforms/transform";
import { DeleteIndex } from "./delete-index";
import type { DeleteFileRef, FileScanTask } from "./file-scan-task";
import { dataFileStats, summaryStats } from "./file-stats";

export interface PlanStats {
  manifests: number;
  manifestsSkipped: number;
  dataFiles: number;
  dataFilesSkipped: number;
  deleteFiles: number;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (t: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function unsupported(feature: string, where: string): LakelabError {
  return new LakelabError("UNSUPPORTED_FEATURE", `${where}: ${feature} is not supported`, {
    context: { feature, where },
  });
}

export async function planFiles(
  m: TableMetadata,
  io: FileIO,
  snapshot: Snapshot,
  schema: Schema,
  filter: BoundExpression,
  stats?: PlanStats,
): Promise<FileScanTask[]> {
  const specs = new Map(m.partitionSpecs.map((s) => [s.specId, s]));
  const fields = indexFieldsById(schema.fields);
  const projected = new Map<number, { expr: BoundExpression; types: Map<number, string> }>();
  const projectionFor = (spec: PartitionSpec) => {
    let p = projected.get(spec.specId);
    if (!p) {
      const types = new Map<number, string>();
      for (const pf of spec.fields) {
        const src = fields.get(pf.sourceId);
        if (src) types.set(pf.fieldId, bindTransform(pf.transform, src.type).resultType);
      }
      p = { expr: projectToPartition(filter, spec, schema), types };
      projected.set(spec.specId, p);
    }
    return p;
  };
  const specOf = (id: number, where: string): PartitionSpec => {
    const s = specs.get(id);
    if (!s)
      throw new LakelabError(
        "METADATA_CORRUPT",
        `${where} uses partition spec ${id}, which the table does not define`,
        { context: { where } },
      );
    return s;
  };

  const listBytes = await io.read(snapshot.manifestList);
  const { manifests } = readManifestList(listBytes, snapshot.manifestList, {
    snapshotId: snapshot.snapshotId,
  });
  const kept = manifests.filter((mf) => {
    const spec = specOf(mf.partitionSpecId, mf.manifestPath);
    if (mf.content === "deletes") return true;
    const { expr, types } = projectionFor(spec);
    return mightMatch(expr, (id) => {
      const i = spec.fields.findIndex((f) => f.fieldId === id);
      return summaryStats(mf.partitions?.[i], types.get(id) as never);
    });
  });
  if (stats) {
    stats.manifests += manifests.length;
    stats.manifestsSkipped += manifests.length - kept.length;
  }

  const read = await mapLimit(kept, 8, async (mf: ManifestFile) => ({
    mf,
    entries: readManifest(await io.read(mf.manifestPath), mf.manifestPath, mf).entries,
  }));

  const data: Omit<FileScanTask, "deletes">[] = [];
  const deletes: DeleteFileRef[] = [];
  for (const { mf, entries } of read) {
    const spec = specOf(mf.partitionSpecId, mf.manifestPath);
    const { expr } = projectionFor(spec);
    for (const e of entries) {
      if (e.status === "deleted") continue;
      const f = e.dataFile;
      const seq = e.sequenceNumber ?? mf.sequenceNumber;
      if (f.content !== "data") {
        if (f.fileFormat === "PUFFIN")
          throw unsupported("deletion vectors (Puffin delete files, format v3)", f.filePath);
        if (f.fileFormat !== "PARQUET") throw unsupported(`${f.fileFormat} delete files`, f.filePath);
        deletes.push({ file: f, sequenceNumber: seq, specId: mf.partitionSpecId });
        continue;
      }
      if (f.fileFormat !== "PARQUET")
        throw unsupported(`${f.fileFormat} data files (only Parquet is read)`, f.filePath);
      const partitionOk = evaluate(expr, (id) => (f.partition.get(id) ?? null) as IcebergValue | null);
      const metricsOk =
        partitionOk &&
        mightMatch(filter, (id) => {
          const t = fields.get(id)?.type;
          return typeof t === "string" ? dataFileStats(f, id, t) : undefined;
        });
      if (!metricsOk) {
        if (stats) stats.dataFilesSkipped++;
        continue;
      }
      data.push({ dataFile: f, specId: mf.partitionSpecId, dataSequenceNumber: seq });
    }
  }
  if (stats) {
    stats.dataFiles += data.length;
    stats.deleteFiles += deletes.length;
  }
  const index = new DeleteIndex(deletes, specs);
  return data.map((t) => ({
    ...t,
    deletes: index.isEmpty ? [] : index.forDataFile(t.dataFile, t.specId, t.dataSequenceNumber),
  }));
}

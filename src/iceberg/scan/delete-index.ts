/**
 * Assigns delete files to data files by sequence number (format/spec.md "Scan Planning"):
 * a position delete applies when data seq ≤ delete seq, an equality delete when data seq < delete
 * seq and the partition matches (or the delete file's spec is unpartitioned).
 */

import type { DataFile } from "../spec/manifest";
import type { PartitionSpec } from "../spec/partition-spec";
import type { DeleteFileRef } from "./file-scan-task";

function partitionKey(specId: number, f: DataFile): string {
  const parts = [...f.partition.entries()].map(
    ([k, v]) =>
      `${k}=${typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : JSON.stringify(v)}`,
  );
  return `${specId}|${parts.join(",")}`;
}

export class DeleteIndex {
  private readonly global: DeleteFileRef[] = [];
  private readonly byPartition = new Map<string, DeleteFileRef[]>();

  constructor(deletes: readonly DeleteFileRef[], specs: ReadonlyMap<number, PartitionSpec>) {
    for (const d of deletes) {
      const spec = specs.get(d.specId);
      if (!spec || spec.fields.length === 0) this.global.push(d);
      else {
        const k = partitionKey(d.specId, d.file);
        const list = this.byPartition.get(k) ?? [];
        list.push(d);
        this.byPartition.set(k, list);
      }
    }
  }

  get isEmpty(): boolean {
    return this.global.length === 0 && this.byPartition.size === 0;
  }

  /** Delete files that apply to a data file with the given spec and data sequence number. */
  forDataFile(f: DataFile, specId: number, dataSeq: bigint): DeleteFileRef[] {
    const candidates = [...this.global, ...(this.byPartition.get(partitionKey(specId, f)) ?? [])];
    return candidates.filter((d) =>
      d.file.content === "position-deletes" ? dataSeq <= d.sequenceNumber : dataSeq < d.sequenceNumber,
    );
  }
}

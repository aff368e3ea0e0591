import { LakelabError } from "../errors";
import type { Run } from "../tracking/entities";
import { LineageTag } from "./snapshot-lineage";

/** What a run recorded about its training data, read back from its tags and dataset input. */
export interface RunLineage {
  readonly runId: string;
  readonly catalog?: string;
  readonly table: string;
  readonly snapshotId: bigint;
  readonly parentId: bigint | null;
  readonly committedAt?: Date;
  readonly rowCount: number;
  readonly metadataLocation?: string;
  /** The dataset input's digest; undefined for runs logged by the seed (tags only). */
  readonly digest?: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Reads a run's lineage: the `iceberg` dataset input with context `training` when present,
 * else the seed's tags alone. LINEAGE_MISSING names the first thing that is absent.
 */
export function readRunLineage(run: Run): RunLineage {
  const tags = run.data.tags;
  const runId = run.info.runId;
  const input = run.inputs.datasetInputs.find(
    (d) =>
      d.dataset.sourceType === "iceberg" &&
      d.tags.some((t) => t.key === "mlflow.data.context" && t.value === "training"),
  );
  const source = input === undefined ? {} : parseSource(input.dataset.source, runId);
  const snapshotText = source.snapshot_id ?? tags[LineageTag.SNAPSHOT_ID];
  const table = source.table ?? tags[LineageTag.TABLE];
  if (snapshotText === undefined)
    throw missing(runId, `tag '${LineageTag.SNAPSHOT_ID}' or an iceberg dataset input`);
  if (table === undefined) throw missing(runId, `tag '${LineageTag.TABLE}'`);
  const rowCount = tags[LineageTag.ROW_COUNT];
  if (rowCount === undefined || !/^\d+$/.test(rowCount))
    throw missing(runId, `tag '${LineageTag.ROW_COUNT}'`);
  const iso = tags[LineageTag.COMMITTED_AT_ISO];
  const parent = tags[LineageTag.PARENT_ID];
  return {
    runId,
    catalog: source.catalog,
    table,
    snapshotId: parseId(snapshotText, runId, LineageTag.SNAPSHOT_ID),
    parentId:
      parent === undefined || parent === "None" || parent === ""
        ? null
        : parseId(parent, runId, LineageTag.PARENT_ID),
    committedAt: iso === undefined ? undefined : new Date(iso),
    rowCount: Number(rowCount),
    metadataLocation: source.metadata_location ?? tags[LineageTag.METADATA_LOCATION],
    digest: input?.dataset.digest,
    params: run.data.params,
  };
}

interface IcebergSource {
  catalog?: string;
  table?: string;
  snapshot_id?: string;
  metadata_location?: string;
}

function parseSource(text: string, runId: string): IcebergSource {
  try {
    const parsed = JSON.parse(text) as IcebergSource;
    // a number here would already have lost digits beyond 2^53
    if (parsed.snapshot_id !== undefined && typeof parsed.snapshot_id !== "string") {
      throw new Error("snapshot_id is not a decimal string");
    }
    return parsed;
  } catch (err) {
    throw new LakelabError(
      "LINEAGE_MISSING",
      `run ${runId}: the iceberg dataset source is not valid lineage JSON`,
      {
        context: { runId },
        cause: err,
      },
    );
  }
}

function parseId(text: string, runId: string, what: string): bigint {
  if (!/^-?\d+$/.test(text)) {
    throw new LakelabError(
      "LINEAGE_MISSING",
      `run ${runId}: ${what} '${text}' is not an exact decimal snapshot id`,
      {
        context: { runId, [what]: text },
      },
    );
  }
  return BigInt(text);
}

function missing(runId: string, what: string): LakelabError {
  return new LakelabError("LINEAGE_MISSING", `run ${runId} has no lineage: ${what} is missing`, {
    context: { runId },
  });
}

import { describe, expect, it } from "vitest";
import { isLakelabError } from "../../../src/errors";
import { planExpiration } from "../../../src/iceberg/maintenance";
import type { Snapshot, SnapshotRef } from "../../../src/iceberg/spec/snapshot";
import type { TableMetadata } from "../../../src/iceberg/spec/table-metadata";
import { newTableMetadata } from "../../../src/iceberg/transaction/new-table-metadata";

const DAY = 86_400_000;
const NOW = 1_750_000_000_000;

/** Snapshots 1..n on main, one a day, the last one `NOW - 1 day`; ids beyond 2^53 to keep bigints honest. */
function table(
  n: number,
  refs: Record<string, SnapshotRef> = {},
  properties: Record<string, string> = {},
): TableMetadata {
  const base = newTableMetadata({
    location: "file:///tmp/t",
    schema: { schemaId: 0, fields: [] } as never,
    lastColumnId: 0,
    properties,
  });
  const snapshots: Snapshot[] = Array.from({ length: n }, (_, i) => ({
    snapshotId: id(i + 1),
    ...(i > 0 ? { parentSnapshotId: id(i) } : {}),
    sequenceNumber: BigInt(i + 1),
    timestampMs: NOW - (n - i) * DAY,
    manifestList: `file:///tmp/t/metadata/snap-${i + 1}.avro`,
    summary: { operation: "append" },
  }));
  return {
    ...base,
    snapshots,
    currentSnapshotId: id(n),
    refs: { main: { snapshotId: id(n), type: "branch" }, ...refs },
  };
}

const id = (i: number): bigint => 9_007_199_254_740_993n + BigInt(i);
const ids = (...xs: number[]) => xs.map(id);

describe("planExpiration (Iceberg RemoveSnapshots rules)", () => {
  it("expires main's ancestors older than the cutoff, keeping retainLast however old", () => {
    const m = table(10);
    const plan = planExpiration(m, { olderThanMs: NOW - 3.5 * DAY, retainLast: 1, nowMs: NOW });
    // snapshots 8, 9, 10 are 3, 2, 1 days old
    expect(plan.expiredSnapshotIds).toEqual(ids(1, 2, 3, 4, 5, 6, 7));
    const keepFive = planExpiration(m, { olderThanMs: NOW, retainLast: 5, nowMs: NOW });
    expect(keepFive.expiredSnapshotIds).toEqual(ids(1, 2, 3, 4, 5));
    expect(keepFive.removedRefs).toEqual([]);
  });

  it("never expires the current snapshot, even with the cutoff in the future", () => {
    const plan = planExpiration(table(3), { olderThanMs: NOW + DAY, retainLast: 1, nowMs: NOW });
    expect(plan.expiredSnapshotIds).toEqual(ids(1, 2));
  });

  it("keeps a tagged snapshot and its tag; expires its untagged neighbours", () => {
    const m = table(6, { v2: { snapshotId: id(2), type: "tag" } });
    const plan = planExpiration(m, { olderThanMs: NOW, retainLast: 1, nowMs: NOW });
    expect(plan.expiredSnapshotIds).toEqual(ids(1, 3, 4, 5));
    expect(plan.removedRefs).toEqual([]);
  });

  it("drops a tag older than its max-ref-age, then its snapshot may expire; a young tag stays", () => {
    const m = table(6, {
      old: { snapshotId: id(1), type: "tag", maxRefAgeMs: 2 * DAY },
      young: { snapshotId: id(5), type: "tag", maxRefAgeMs: 10 * DAY },
    });
    const plan = planExpiration(m, { olderThanMs: NOW, retainLast: 1, nowMs: NOW });
    expect(plan.removedRefs).toEqual(["old"]);
    expect(plan.expiredSnapshotIds).toEqual(ids(1, 2, 3, 4));
  });

  it("uses the table's history.expire.max-ref-age-ms for refs without their own, and never drops main", () => {
    const m = table(
      4,
      { t: { snapshotId: id(1), type: "tag" } },
      { "history.expire.max-ref-age-ms": String(DAY) },
    );
    const plan = planExpiration(m, { olderThanMs: NOW, retainLast: 1, nowMs: NOW });
    expect(plan.removedRefs).toEqual(["t"]);
    expect(plan.expiredSnapshotIds).toEqual(ids(1, 2, 3));
  });

  it("keeps a branch's history by its own min-snapshots-to-keep and max-snapshot-age", () => {
    // branch 'dev' at snapshot 4 keeps 2 snapshots (4, 3); main keeps only its head (6).
    const m = table(6, { dev: { snapshotId: id(4), type: "branch", minSnapshotsToKeep: 2 } });
    const plan = planExpiration(m, { olderThanMs: NOW, retainLast: 1, nowMs: NOW });
    expect(plan.expiredSnapshotIds).toEqual(ids(1, 2, 5));
    const aged = table(6, { dev: { snapshotId: id(4), type: "branch", maxSnapshotAgeMs: 5.5 * DAY } });
    // dev's cutoff is NOW − 5.5 days: snapshots 2 (5 days old), 3 and 4 stay
    expect(planExpiration(aged, { olderThanMs: NOW, retainLast: 1, nowMs: NOW }).expiredSnapshotIds).toEqual(
      ids(1, 5),
    );
  });

  it("defaults to the table properties: 5 days, keep 1", () => {
    const m = table(8);
    expect(planExpiration(m, { nowMs: NOW }).expiredSnapshotIds).toEqual(ids(1, 2, 3));
    const props = table(
      8,
      {},
      {
        "history.expire.max-snapshot-age-ms": String(2.5 * DAY),
        "history.expire.min-snapshots-to-keep": "4",
      },
    );
    expect(planExpiration(props, { nowMs: NOW }).expiredSnapshotIds).toEqual(ids(1, 2, 3, 4));
  });

  it("keeps a young snapshot no ref reaches and expires an old one", () => {
    const m = table(4);
    const orphanOld: Snapshot = { ...m.snapshots[0]!, snapshotId: 5n, timestampMs: NOW - 9 * DAY };
    const orphanYoung: Snapshot = { ...m.snapshots[0]!, snapshotId: 6n, timestampMs: NOW - 1000 };
    const plan = planExpiration(
      { ...m, snapshots: [...m.snapshots, orphanOld, orphanYoung] },
      {
        olderThanMs: NOW - DAY / 2,
        retainLast: 1,
        nowMs: NOW,
      },
    );
    expect(plan.expiredSnapshotIds).toEqual([...ids(1, 2, 3), 5n]);
  });

  it("rejects retainLast < 1 and a bad table property with typed errors", () => {
    expect(() => planExpiration(table(2), { retainLast: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
    try {
      planExpiration(table(2, {}, { "history.expire.min-snapshots-to-keep": "many" }));
      expect.unreachable();
    } catch (err) {
      expect(isLakelabError(err, "INVALID_PARAMETER_VALUE")).toBe(true);
      expect((err as Error).message).toContain("history.expire.min-snapshots-to-keep");
    }
  });
});

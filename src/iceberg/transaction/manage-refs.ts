import { LakelabError } from "../../errors";
import type { SnapshotRef } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import type { Action, ActionResult } from "./transaction";

export interface RefRetention {
  readonly maxRefAgeMs?: number;
  readonly maxSnapshotAgeMs?: number;
  readonly minSnapshotsToKeep?: number;
}

/** Creates a tag or branch at a snapshot; REF_ALREADY_EXISTS when the name is taken. */
export class CreateRef implements Action {
  constructor(
    private readonly name: string,
    private readonly type: "tag" | "branch",
    private readonly snapshotId: bigint | undefined,
    private readonly retention: RefRetention = {},
  ) {}

  async produce(m: TableMetadata): Promise<ActionResult> {
    if (!this.name) throw new LakelabError("INVALID_ARGUMENT", "a ref name must not be empty");
    if (m.refs[this.name]) {
      const existing = m.refs[this.name]!;
      throw new LakelabError(
        "REF_ALREADY_EXISTS",
        `${existing.type} '${this.name}' already exists (at snapshot ${existing.snapshotId}); remove it first or pick another name`,
        { context: { ref: this.name } },
      );
    }
    const snapshotId = this.snapshotId ?? m.currentSnapshotId;
    requireSnapshot(m, snapshotId);
    const { maxRefAgeMs, maxSnapshotAgeMs, minSnapshotsToKeep } = this.retention;
    const ref: SnapshotRef = {
      snapshotId: snapshotId!,
      type: this.type,
      ...(maxRefAgeMs !== undefined ? { maxRefAgeMs } : {}),
      ...(this.type === "branch" && maxSnapshotAgeMs !== undefined ? { maxSnapshotAgeMs } : {}),
      ...(this.type === "branch" && minSnapshotsToKeep !== undefined ? { minSnapshotsToKeep } : {}),
    };
    return {
      updates: [{ action: "set-snapshot-ref", refName: this.name, ...ref }],
      requirements: [{ type: "assert-ref-snapshot-id", ref: this.name, snapshotId: null }],
    };
  }
}

/** Removes a tag (or, with `type: "branch"`, a branch other than main); REF_NOT_FOUND when absent. */
export class RemoveRef implements Action {
  constructor(
    private readonly name: string,
    private readonly type: "tag" | "branch",
  ) {}

  async produce(m: TableMetadata): Promise<ActionResult> {
    const ref = m.refs[this.name];
    const same = Object.entries(m.refs).filter(([, r]) => r.type === this.type);
    if (!ref || ref.type !== this.type) {
      throw new LakelabError(
        "REF_NOT_FOUND",
        `${this.type} '${this.name}' does not exist; ${this.type}s: ${same.map(([n]) => n).join(", ") || "none"}`,
        { context: { ref: this.name } },
      );
    }
    if (this.name === "main") {
      throw new LakelabError("INVALID_ARGUMENT", "the main branch cannot be removed");
    }
    return {
      updates: [{ action: "remove-snapshot-ref", refName: this.name }],
      requirements: [{ type: "assert-ref-snapshot-id", ref: this.name, snapshotId: ref.snapshotId }],
    };
  }
}

function requireSnapshot(m: TableMetadata, id: bigint | undefined): void {
  if (id !== undefined && m.snapshots.some((s) => s.snapshotId === id)) return;
  const known = m.snapshots.map((s) => s.snapshotId.toString());
  throw new LakelabError(
    "SNAPSHOT_NOT_FOUND",
    id === undefined
      ? "the table has no snapshot yet; write data first"
      : `snapshot ${id} is not in the table; snapshots: ${known.slice(-10).join(", ") || "none"}`,
    { context: { snapshotId: id?.toString() } },
  );
}

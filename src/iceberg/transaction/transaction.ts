import { channel } from "node:diagnostics_channel";
import { isLakelabError, LakelabError } from "../../errors";
import type { TableMetadata } from "../spec/table-metadata";
import { applyUpdates } from "./apply-updates";
import type { TableOperations, TableState } from "./table-operations";
import type { TableRequirement } from "./table-requirement";
import type { TableUpdate } from "./table-update";

/** What an action contributes to a commit, computed from the metadata it is replayed on. */
export interface ActionResult {
  readonly updates: readonly TableUpdate[];
  readonly requirements: readonly TableRequirement[];
}

/** One change (fast append, overwrite, create tag, ...). `produce` may write files; it is re-run on each retry. */
export interface Action {
  produce(metadata: TableMetadata, ops: TableOperations): Promise<ActionResult>;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly minWaitMs: number;
  readonly maxWaitMs: number;
}

/**
 * commit.retry.num-retries = 4 in Iceberg; lakelab allows more because local writers race often:
 * with 4 processes appending to one table a commit lost up to 15 races in a row in the
 * concurrency test, so 20 attempts failed now and then; 60 keeps the bound (about a minute).
 */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 60, minWaitMs: 5, maxWaitMs: 1_000 };

/** Published on each lost race before the retry: `{ table, attempt, code }` (tests count conflicts). */
export const commitRetryChannel = channel("lakelab:commit-retry");

/**
 * Commits actions as one metadata change: reload, replay every action on the fresh metadata,
 * hand updates and requirements to the catalog, which checks them and swaps the pointer.
 * A retryable failure (the pointer moved) starts over after a jittered backoff; anything else,
 * including COMMIT_STATE_UNKNOWN, is thrown at once and its files stay where they are.
 */
export class Transaction {
  private readonly actions: Action[] = [];

  constructor(
    private readonly ops: TableOperations,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  add(action: Action): this {
    this.actions.push(action);
    return this;
  }

  /**
   * `loaded`: a state the caller read from the catalog just now; the first attempt builds on it
   * instead of reading the table again (Java's SnapshotProducer starts from `ops.current()` the
   * same way). If it is stale the catalog refuses the swap and the retry reloads.
   */
  async commit(loaded?: TableState): Promise<TableState> {
    for (let attempt = 1; ; attempt++) {
      const base = attempt === 1 && loaded ? loaded : await this.ops.refresh();
      let attempted: readonly TableUpdate[] = [];
      try {
        const { updates, requirements } = await this.replay(base.metadata);
        attempted = updates;
        return await this.ops.commit(base, requirements, updates);
      } catch (err) {
        if (!isLakelabError(err) || !err.retryable) throw err;
        // A lost race surely committed nothing, and the next attempt writes its own manifest
        // lists: this attempt's are garbage (Java's SnapshotProducer deletes them too).
        if (err.code === "COMMIT_CONFLICT") await this.discardManifestLists(attempted);
        if (attempt >= this.retry.maxAttempts) {
          throw new LakelabError(
            "COMMIT_CONFLICT",
            `commit to ${this.ops.tableName} lost the race ${attempt} times; giving up (other writers keep committing)`,
            { context: { table: this.ops.tableName, attempts: attempt }, cause: err },
          );
        }
        if (commitRetryChannel.hasSubscribers) {
          commitRetryChannel.publish({ table: this.ops.tableName, attempt, code: err.code });
        }
        await sleep(backoff(attempt, this.retry));
      }
    }
  }

  /** Best effort: a manifest list that cannot be deleted is an orphan for removeOrphanFiles. */
  private async discardManifestLists(updates: readonly TableUpdate[]): Promise<void> {
    for (const u of updates) {
      if (u.action === "add-snapshot") await this.ops.io.delete(u.snapshot.manifestList).catch(() => {});
    }
  }

  /** Each action sees the metadata as the actions before it left it. */
  private async replay(metadata: TableMetadata): Promise<ActionResult> {
    const updates: TableUpdate[] = [];
    const requirements: TableRequirement[] = [];
    for (const action of this.actions) {
      const r = await action.produce(metadata, this.ops);
      updates.push(...r.updates);
      requirements.push(...r.requirements);
      metadata = applyUpdates(metadata, r.updates);
    }
    return { updates, requirements };
  }
}

/** Exponential backoff with full jitter. */
function backoff(attempt: number, p: RetryPolicy): number {
  const cap = Math.min(p.maxWaitMs, p.minWaitMs * 2 ** attempt);
  return p.minWaitMs + Math.random() * (cap - p.minWaitMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { beforeAll, describe, expect, it } from "vitest";
import { isLakelabError } from "../../src/errors";
import type { MlflowClient } from "../../src/tracking/client";
import { ViewType } from "../../src/tracking/entities";
import { RestCredentials } from "../../src/tracking/store/rest/credentials";
import { RestStore } from "../../src/tracking/store/rest/rest-store";
import { type PeerAnswer, searchWithMlflowFileStore } from "./file-store-peer";
import { SEARCH_QUERIES, SEARCH_RUNS, type SearchQuery } from "./search-cases";
import { useStores } from "./store-cases";

/**
 * The store contract, part 3: search semantics (LIKE, ILIKE, IN, !=, NaN/±Inf and missing values
 * in filters and orderings, deleted and FAILED runs, view types). The expected answers are in
 * search-cases.ts and hold for a real MLflow server; the file store is checked against MLflow's
 * own FileStore reading the same folder.
 */
const STORES = useStores();

async function answer(c: MlflowClient, experimentId: string, q: SearchQuery): Promise<PeerAnswer> {
  try {
    const page = await c.searchRuns({
      experimentIds: [experimentId],
      filterString: q.filter,
      runViewType: q.view ?? ViewType.ACTIVE_ONLY,
      ...(q.orderBy ? { orderBy: [...q.orderBy] } : {}),
    });
    return page.items.map((r) => r.info.runName ?? "");
  } catch (err) {
    if (isLakelabError(err)) return { error: err.code };
    throw err;
  }
}

/** Each query whose answer differs from `expected(i)`, with both answers. */
function mismatches(answers: readonly PeerAnswer[], expected: (i: number) => unknown) {
  return answers.flatMap((got, i) => {
    const want = expected(i);
    return JSON.stringify(got) === JSON.stringify(want)
      ? []
      : [{ query: SEARCH_QUERIES[i]!.filter, orderBy: SEARCH_QUERIES[i]!.orderBy, got, want }];
  });
}

for (const store of STORES) {
  describe(`tracking store contract: ${store.name}`, () => {
    let c: MlflowClient;
    let expId = "";
    let answers: PeerAnswer[] = [];
    beforeAll(async () => {
      c = store.client();
      expId = await c.createExperiment(`semantics-${store.name}`);
      for (const spec of SEARCH_RUNS) {
        const { info } = await c.createRun(expId, { runName: spec.name, startTime: spec.startTime });
        await c.logBatch(info.runId, spec.batch);
        if (spec.status !== undefined) await c.setTerminated(info.runId, spec.status, spec.endTime);
        if (spec.deleted === true) await c.deleteRun(info.runId);
      }
      answers = [];
      for (const q of SEARCH_QUERIES) answers.push(await answer(c, expId, q));
    });

    if (store.name === "file") {
      it("answers every search query as MLflow's own FileStore does over the same mlruns", async () => {
        const peer = await searchWithMlflowFileStore(store.uri(), expId, SEARCH_QUERIES);
        expect(mismatches(answers, (i) => peer[i])).toEqual([]);
        // and the table's file-store notes are true of MLflow's FileStore
        const q = SEARCH_QUERIES;
        expect(mismatches(peer, (i) => q[i]!.fileStore ?? q[i]!.expected)).toEqual([]);
      });
    } else {
      it("answers every search query as a real MLflow server does", () => {
        expect(mismatches(answers, (i) => SEARCH_QUERIES[i]!.expected)).toEqual([]);
      });
    }

    if (store.name !== "file") {
      it("pages metric history and keeps every point in step order", async () => {
        const { info } = await c.createRun(expId, { runName: "history" });
        const points = Array.from({ length: 7 }, (_, step) => ({
          key: "loss",
          value: 1 / (step + 1),
          step,
          timestamp: 1795824000000 + step,
        }));
        await c.logBatch(info.runId, { metrics: points });
        const paged = new RestStore(store.uri(), {
          historyPageSize: 3,
          credentials: new RestCredentials({}),
        });
        const history = await paged.getMetricHistory(info.runId, "loss");
        expect(history.map((p) => [p.step, p.value, p.timestamp])).toEqual(
          points.map((p) => [p.step, p.value, p.timestamp]),
        );
        // pages of 3: at least three requests were needed for 7 points
        expect(paged.http.requestCount).toBeGreaterThanOrEqual(3);
      });
    }
  });
}

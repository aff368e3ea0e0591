import { MLFLOW_QUIET_ENV } from "../support/mlflow-server";
import { pythonPeer, runPeerScript } from "../support/python-peers";
import type { SearchQuery } from "./search-cases";

/**
 * Asks real MLflow's Python client (MlflowClient on a `file:` tracking URI, i.e. MLflow's own
 * FileStore) to run search queries over an mlruns tree lakelab wrote. Each answer is the run
 * names in MLflow's order, or `{error}` with MLflow's error code.
 */
const SCRIPT = `
import json, sys, warnings
warnings.simplefilter("ignore")
from mlflow.exceptions import MlflowException
from mlflow.tracking import MlflowClient
req = json.load(sys.stdin)
client = MlflowClient(tracking_uri=req["tracking_uri"])
out = []
for q in req["queries"]:
    try:
        runs = client.search_runs(
            [req["experiment_id"]],
            filter_string=q["filter"],
            run_view_type=q["view"],
            order_by=q["order_by"],
            max_results=1000,
        )
        out.append([r.info.run_name for r in runs])
    except MlflowException as e:
        out.append({"error": e.error_code})
print(json.dumps(out))
`;

export type PeerAnswer = string[] | { error: string };

export async function searchWithMlflowFileStore(
  trackingUri: string,
  experimentId: string,
  queries: readonly SearchQuery[],
): Promise<PeerAnswer[]> {
  const peer = await pythonPeer("mlflow");
  return runPeerScript<PeerAnswer[]>(
    peer,
    SCRIPT,
    {
      tracking_uri: trackingUri,
      experiment_id: experimentId,
      queries: queries.map((q) => ({ filter: q.filter, view: q.view ?? 1, order_by: q.orderBy ?? [] })),
    },
    { env: { ...MLFLOW_QUIET_ENV } },
  );
}

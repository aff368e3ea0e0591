import { runsOverview } from "../notebook/runs-overview";
import { shortLocation } from "../notebook/short-location";
import { textTable } from "../notebook/text-table";
import { MlflowClient } from "../tracking/client";
import { EXPERIMENT } from "./experiment";

/**
 * The experiment's runs as a plain-text table (name, id, params, metrics, snapshot), for a
 * terminal: what `npm run demo` prints after executing the notebook.
 * @example console.log(await runsReport("demo-out/mlruns"))
 */
export async function runsReport(trackingUri: string, experimentName: string = EXPERIMENT): Promise<string> {
  const client = new MlflowClient(trackingUri);
  const experiment = await client.getExperimentByName(experimentName);
  if (experiment === null)
    return `no experiment named '${experimentName}' in ${shortLocation(client.trackingUri)}`;
  const page = await client.searchRuns({ experimentIds: [experiment.experimentId], runViewType: 1 });
  const rows = runsOverview(page.items).map(({ committed_at: _committed, ...row }) => row);
  return `${experimentName}\n${textTable(rows, { maxRows: 100 })}`;
}

/**
 * Runs as an MLflow server holds them, read over its REST API (`runs/search`), independently of
 * lakelab's tracking client: tags, params and latest metrics flattened to records.
 */
export interface ServerRun {
  readonly id: string;
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly params: Record<string, string>;
  readonly metrics: Record<string, number>;
  readonly datasets: { name: string; source_type: string; source: string; schema: string }[];
}

interface KeyValue {
  readonly key: string;
  readonly value: string;
}

interface RestRun {
  readonly info: { readonly run_id: string; readonly run_name: string };
  readonly data: { tags?: KeyValue[]; params?: KeyValue[]; metrics?: { key: string; value: number }[] };
  readonly inputs?: { dataset_inputs?: { dataset: ServerRun["datasets"][number] }[] };
}

async function call(url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, init);
  const body = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${url} answered ${res.status}: ${body}`);
  return JSON.parse(body);
}

/** Every active run of the experiment named `experimentName`, oldest first. */
export async function serverRuns(trackingUri: string, experimentName: string): Promise<ServerRun[]> {
  const api = `${trackingUri}/api/2.0/mlflow`;
  const { experiment } = (await call(
    `${api}/experiments/get-by-name?experiment_name=${encodeURIComponent(experimentName)}`,
  )) as { experiment: { experiment_id: string } };
  const { runs } = (await call(`${api}/runs/search`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      experiment_ids: [experiment.experiment_id],
      max_results: 1000,
      order_by: ["attributes.start_time ASC"],
    }),
  })) as { runs?: RestRun[] };
  const record = (kvs: KeyValue[] | undefined) =>
    Object.fromEntries((kvs ?? []).map((t) => [t.key, t.value]));
  return (runs ?? []).map((r) => ({
    id: r.info.run_id,
    name: r.info.run_name,
    tags: record(r.data.tags),
    params: record(r.data.params),
    metrics: Object.fromEntries((r.data.metrics ?? []).map((m) => [m.key, m.value])),
    datasets: (r.inputs?.dataset_inputs ?? []).map((d) => d.dataset),
  }));
}

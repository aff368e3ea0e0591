import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { isLakelabError } from "../../src/errors";
import { MlflowClient } from "../../src/tracking/client";
import { RestCredentials } from "../../src/tracking/store/rest/credentials";
import type { RestStore } from "../../src/tracking/store/rest/rest-store";
import { useMlflowServer } from "../support/mlflow-server";
import { StandInServer } from "./stand-in/stand-in-server";

/**
 * The stores the contract suite (contract*.test.ts) runs against, each with its own client:
 * - `mlflow`: the REST store against a real MLflow 3.6 server (test/support/mlflow-server.ts,
 *   SQLite backend, proxied artifacts). The expected values of the suite hold for it, so they
 *   are MLflow's behaviour, not lakelab's idea of it.
 * - `file`: the file store in a temp dir. Its search answers are also compared with what real
 *   MLflow's Python client reads from the same mlruns tree (test/tracking/file-store-peer.ts).
 * - `rest`: the REST store against the stand-in server (test/tracking/stand-in). It is kept
 *   for what only it can do: count and inspect the requests lakelab sends (batch splitting,
 *   nothing sent for invalid input). It parses search filters with lakelab's own parser, so
 *   its search answers prove nothing by themselves; the `mlflow` store is the reference there.
 */
export type StoreName = "file" | "rest" | "mlflow";

export interface StoreCase {
  readonly name: StoreName;
  /** The case's client (one per case, made on first use). */
  client(): MlflowClient;
  /** The tracking URI of the case (the real server's URL, the file store's folder, the stand-in's URL). */
  uri(): string;
  /** log-batch requests the server saw (stand-in only; [] elsewhere). */
  batches(): { metrics?: unknown[]; params?: unknown[]; tags?: unknown[] }[];
  /** HTTP requests lakelab has sent through this case's client so far (0 for the file store). */
  requestCount(): number;
  /** A scratch folder of this test file. */
  tmp(): string;
}

/** Registers the servers and temp-dir hooks of one test file and returns its store cases. */
export function useStores(): StoreCase[] {
  const standIn = new StandInServer();
  const real = useMlflowServer();
  let tmp = "";
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-contract-"));
    await standIn.start();
  });
  afterAll(async () => {
    await standIn.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });
  const noSleep = async () => {};
  const http = { sleep: noSleep, retry: { maxRetries: 2 }, credentials: new RestCredentials({}) };
  const memo = (make: () => MlflowClient) => {
    let made: MlflowClient | undefined;
    return () => {
      made ??= make();
      return made;
    };
  };
  const sent = (c: () => MlflowClient) => () => (c().store as RestStore).http.requestCount;
  const fileClient = memo(() => new MlflowClient(`file://${tmp}/mlruns`));
  const standInClient = memo(() => new MlflowClient(standIn.url, { http }));
  const realClient = memo(() => new MlflowClient(real().url, { http }));
  return [
    {
      name: "mlflow",
      client: realClient,
      uri: () => real().url,
      batches: () => [],
      requestCount: sent(realClient),
      tmp: () => tmp,
    },
    {
      name: "file",
      client: fileClient,
      uri: () => `file://${tmp}/mlruns`,
      batches: () => [],
      requestCount: () => 0,
      tmp: () => tmp,
    },
    {
      name: "rest",
      client: standInClient,
      uri: () => standIn.url,
      batches: () => standIn.calls("runs/log-batch").map((r) => r.body as { metrics?: unknown[] }),
      requestCount: sent(standInClient),
      tmp: () => tmp,
    },
  ];
}

/** Awaits `p`, which must fail with a LakelabError of `code`; returns the error. */
export async function rejects(p: Promise<unknown>, code: string): Promise<Error> {
  try {
    await p;
  } catch (err) {
    expect(isLakelabError(err), String(err)).toBe(true);
    expect((err as { code: string }).code, (err as Error).message).toBe(code);
    return err as Error;
  }
  throw new Error(`expected a ${code} error`);
}

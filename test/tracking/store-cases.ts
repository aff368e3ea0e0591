import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { isLakelabError } from "../../src/errors";
import { MlflowClient } from "../../src/tracking/client";
import { StandInServer } from "./stand-in/stand-in-server";

/**
 * The stores the contract suite (contract*.test.ts) runs against: the file store in a temp dir
 * and the REST store against the stand-in server (src/tracking/stand-in, proven against every
 * recorded exchange by test/tracking/stand-in/stand-in-server.test.ts). Where the stand-in is
 * LESS STRICT than a real MLflow server:
 * - it parses and evaluates search filters with lakelab's own parser, so a grammar mistake
 *   shared by both goes unnoticed there (the recorded search cases and the file-store runs of
 *   the suite still check them);
 * - it has no 1 MB request-size limit for log-batch, no auth unless a test asks for it, no
 *   experiment filters in experiments/search, no restore of experiments, no logged models;
 * - errors for wrongly typed JSON fields carry generic messages, not protobuf's;
 * - metric history pages like runs/search (a full page gets a token).
 */
export interface StoreCase {
  readonly name: "file" | "rest";
  client(): MlflowClient;
  /** log-batch requests the server saw (REST only). */
  batches(): { metrics?: unknown[]; params?: unknown[]; tags?: unknown[] }[];
  /** Requests the server has seen so far (0 for the file store). */
  requestCount(): number;
  /** A scratch folder of this test file. */
  tmp(): string;
}

/** Registers the server and temp-dir hooks of one test file and returns its store cases. */
export function useStores(): StoreCase[] {
  const server = new StandInServer();
  let tmp = "";
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-contract-"));
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });
  const noSleep = async () => {};
  return [
    {
      name: "file",
      client: () => new MlflowClient(`file://${tmp}/mlruns`),
      batches: () => [],
      requestCount: () => 0,
      tmp: () => tmp,
    },
    {
      name: "rest",
      client: () => new MlflowClient(server.url, { http: { sleep: noSleep, retry: { maxRetries: 2 } } }),
      batches: () => server.calls("runs/log-batch").map((r) => r.body as { metrics?: unknown[] }),
      requestCount: () => server.requests.length,
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

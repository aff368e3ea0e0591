import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MLFLOW_FIXTURES } from "../../fixtures/shared-fixtures";
import { StandInServer } from "./stand-in-server";

/**
 * Proves the stand-in answers as the real MLflow 3.6 server did: every recorded request is
 * replayed in order and the answer must match the recording (ids mapped, server clock ignored).
 */
interface Entry {
  name: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  request_body?: unknown;
  request_body_raw?: string;
  status: number;
  content_type: string;
  response_body: unknown;
}

const FIXTURES = MLFLOW_FIXTURES;
const transcripts = JSON.parse(readFileSync(path.join(FIXTURES, "rest-transcripts.json"), "utf8")) as Entry[];

/** Where only the error code is compared: the real messages quote SQLAlchemy and sqlparse internals. */
const CODE_ONLY = new Set([
  "experiments/create (duplicate name -> error)",
  "runs/search (bad filter -> error)",
]);

function mapIds(value: unknown, ids: Map<string, string>): unknown {
  let text = JSON.stringify(value);
  for (const [from, to] of ids) text = text.split(from).join(to);
  return JSON.parse(text);
}

function withoutClock(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (k, v) => (k === "creation_time" || k === "last_update_time" ? undefined : v)),
  );
}

describe("stand-in MLflow server", () => {
  const server = new StandInServer();
  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("answers every recorded request as MLflow 3.6 did", async () => {
    const ids = new Map<string, string>();
    expect(transcripts.length).toBeGreaterThan(40);
    for (const e of transcripts) {
      const query =
        e.query === undefined
          ? ""
          : `?${new URLSearchParams(mapIds(e.query, ids) as Record<string, string>)}`;
      const body =
        e.request_body_raw !== undefined
          ? e.request_body_raw
          : e.request_body === undefined
            ? undefined
            : JSON.stringify(mapIds(e.request_body, ids));
      const res = await fetch(`${server.url}${mapIds(e.path, ids) as string}${query}`, {
        method: e.method,
        ...(body !== undefined ? { body } : {}),
        headers: { "content-type": e.method === "PUT" ? "application/octet-stream" : "application/json" },
      });
      const text = await res.text();
      expect(res.status, `${e.name}: ${text.slice(0, 300)}`).toBe(e.status);
      expect(res.headers.get("content-type")?.split(";")[0], e.name).toBe(e.content_type.split(";")[0]);
      if (e.name.startsWith("runs/create")) {
        const recorded = (e.response_body as { run: { info: { run_id: string } } }).run.info.run_id;
        ids.set(recorded, (JSON.parse(text) as { run: { info: { run_id: string } } }).run.info.run_id);
      }
      if (!e.content_type.startsWith("application/json")) {
        expect(text, e.name).toBe(e.response_body);
        continue;
      }
      const actual = JSON.parse(text) as Record<string, unknown>;
      const expected = mapIds(e.response_body, ids) as Record<string, unknown>;
      if (CODE_ONLY.has(e.name)) expect(actual.error_code, e.name).toBe(expected.error_code);
      else expect(withoutClock(actual), e.name).toEqual(withoutClock(expected));
      if (e.status >= 400) expect(text, `${e.name}: errors are compact`).not.toContain("\n");
      else if (text.length > 2) expect(text, `${e.name}: successes are pretty-printed`).toContain("\n  ");
    }
  });
});

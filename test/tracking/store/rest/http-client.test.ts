import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError, type LakelabError } from "../../../../src/errors";
import { MlflowClient } from "../../../../src/tracking/client";
import { RestCredentials } from "../../../../src/tracking/store/rest/credentials";
import {
  MlflowHttpClient,
  maskedUri,
  type RetryNotice,
} from "../../../../src/tracking/store/rest/http-client";
import { RestStore } from "../../../../src/tracking/store/rest/rest-store";
import {
  backoffMs,
  isRetryableStatus,
  retryPolicyFromEnv,
} from "../../../../src/tracking/store/rest/retry-policy";
import { StandInServer } from "../../stand-in/stand-in-server";

const TOKEN = "tok-9f8e7d6c5b4a-SECRET";
const server = new StandInServer();
let sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};

function store(options: { maxRetries?: number; credentials?: RestCredentials; url?: string } = {}) {
  return new RestStore(options.url ?? server.url, {
    sleep,
    retry: { maxRetries: options.maxRetries ?? 3 },
    credentials: options.credentials ?? new RestCredentials({}),
  });
}

async function caught(p: Promise<unknown>): Promise<LakelabError> {
  try {
    await p;
  } catch (err) {
    expect(isLakelabError(err), String(err)).toBe(true);
    return err as LakelabError;
  }
  throw new Error("expected an error");
}

/** Everything an error can show: message, stack, context, cause chain, inspect and JSON forms. */
function everything(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
    const x = e as { message?: unknown; stack?: unknown; context?: unknown; cause?: unknown };
    parts.push(
      String(x.message),
      String(x.stack),
      JSON.stringify(x.context ?? {}),
      inspect(e, { depth: 20, showHidden: true }),
    );
    e = x.cause;
  }
  parts.push(JSON.stringify(err));
  return parts.join("\n");
}

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  sleeps = [];
  server.requestCountReset();
  server.requireAuthorization = undefined;
});

describe("REST client retries", () => {
  it("retries 503s with growing backoff and succeeds", async () => {
    const s = store();
    server.injectFaults(503, 2);
    const exp = await s.getExperiment("0");
    expect(exp.name).toBe("Default");
    expect(server.requests.length).toBe(3);
    expect(sleeps).toHaveLength(2);
    // urllib3's schedule: none before the first retry, then factor 2 s · 2^(k−1) plus up to 1 s of jitter
    expect(sleeps[0]).toBe(0);
    expect(sleeps[1]).toBeGreaterThanOrEqual(4000);
    expect(sleeps[1]).toBeLessThan(5000);
  });

  it("retries dropped connections, 408, 429 (honouring Retry-After) and 500", async () => {
    const s = store({ maxRetries: 5 });
    server.injectFaults("drop", 2);
    server.injectFaults(408);
    server.injectFaults(429, 1, "7");
    server.injectFaults(500);
    const id = await s.createExperiment("after-faults");
    expect((await s.getExperiment(id)).name).toBe("after-faults");
    expect(sleeps).toHaveLength(5);
    expect(sleeps[3]).toBe(7000);
    expect(server.calls("experiments/create")).toHaveLength(6);
  });

  it("does not retry other 4xx answers", async () => {
    const s = store();
    const err = await caught(s.getRun("deadbeefdeadbeefdeadbeefdeadbeef"));
    expect(err.code).toBe("RESOURCE_DOES_NOT_EXIST");
    expect(err.message).toBe("Run with id=deadbeefdeadbeefdeadbeefdeadbeef not found");
    expect(err.context).toMatchObject({ httpStatus: 404, mlflowErrorCode: "RESOURCE_DOES_NOT_EXIST" });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("gives up after the configured retries with a retryable TEMPORARILY_UNAVAILABLE", async () => {
    const s = store({ maxRetries: 2 });
    server.injectFaults(503, 3);
    const err = await caught(s.getExperiment("0"));
    expect(err.code).toBe("TEMPORARILY_UNAVAILABLE");
    expect(err.retryable).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it("fails at once with TRACKING_SERVER_UNREACHABLE when nobody answers on first contact", async () => {
    const notices: RetryNotice[] = [];
    const s = new RestStore("http://analyst:pa55-word-xyz@127.0.0.1:9", {
      sleep,
      onRetry: (n) => notices.push(n),
      credentials: new RestCredentials({}),
    });
    const err = await caught(s.getExperiment("0"));
    expect(err.code).toBe("TRACKING_SERVER_UNREACHABLE");
    expect(err.context).toMatchObject({ attempts: 1, networkError: "ECONNREFUSED" });
    expect(s.http.requestCount).toBe(1);
    expect(sleeps).toEqual([]);
    expect(notices).toEqual([]);
    expect(err.message).toContain("http://127.0.0.1:9");
    expect(err.message).toContain("MLFLOW_TRACKING_URI");
    expect(everything(err)).not.toContain("pa55-word-xyz");
  });

  it("retries refused connections with backoff once the server has answered, telling each wait", async () => {
    const other = await new StandInServer().start();
    const port = new URL(other.url).port;
    const notices: RetryNotice[] = [];
    const s = new RestStore(`http://analyst:pa55-word-xyz@127.0.0.1:${port}`, {
      sleep,
      onRetry: (n) => notices.push(n),
      retry: { maxRetries: 3 },
      credentials: new RestCredentials({}),
    });
    expect((await s.getExperiment("0")).name).toBe("Default");
    await other.stop();
    const err = await caught(s.getExperiment("0"));
    expect(err.code).toBe("TEMPORARILY_UNAVAILABLE");
    expect(err.context).toMatchObject({ attempts: 4, networkError: "ECONNREFUSED" });
    expect(sleeps).toHaveLength(3);
    expect(sleeps[0]).toBe(0);
    expect(sleeps[1]).toBeGreaterThanOrEqual(4000);
    expect(sleeps[2]).toBeGreaterThanOrEqual(8000);
    expect(sleeps[2]).toBeLessThan(9000);
    expect(notices.map((n) => [n.retry, n.maxRetries, n.waitMs])).toEqual(
      sleeps.map((ms, i) => [i + 1, 3, ms]),
    );
    // the wait is 8–9 s with jitter, shown to a tenth: 8,950 ms and more reads "9.0 s"
    const shown = (notices[2]!.waitMs / 1000).toFixed(1);
    expect(shown).toMatch(/^(8\.\d|9\.0)$/);
    expect(notices[2]!.line).toBe(
      `MLflow at http://127.0.0.1:${port} not answering (ECONNREFUSED), retry 3/3 in ${shown} s`,
    );
    expect(JSON.stringify(notices)).not.toContain("pa55-word-xyz");
  });

  it("masks the password of a tracking URI wherever the client shows it", () => {
    const client = new MlflowClient("http://analyst:pa55-word-xyz@127.0.0.1:5000/", {
      http: { credentials: new RestCredentials({}) },
    });
    expect(client.trackingUri).toBe("http://analyst:***@127.0.0.1:5000");
    expect(client.store.uri).toBe("http://analyst:***@127.0.0.1:5000");
    expect(inspect(client, { depth: 20, showHidden: true })).not.toContain("pa55-word-xyz");
    expect(client.isFor("http://analyst:pa55-word-xyz@127.0.0.1:5000")).toBe(true);
    expect(maskedUri("http://tok-123@host:5000")).toBe("http://***@host:5000");
  });

  it("maps an HTML 404 of an unknown endpoint to ENDPOINT_NOT_FOUND", async () => {
    const http = new MlflowHttpClient(server.url, { sleep, credentials: new RestCredentials({}) });
    const err = await caught(http.request({ method: "GET", path: "/api/2.0/mlflow/runs/nope" }));
    expect(err.code).toBe("ENDPOINT_NOT_FOUND");
    expect(err.message).toContain("HTTP 404");
    expect(err.message).toContain("The requested URL was not found on the server");
  });

  it("reads MLflow's retry settings from the environment and bounds each wait", () => {
    const p = retryPolicyFromEnv({
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: "4",
      MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: "0.5",
    });
    expect(p).toMatchObject({ maxRetries: 4, backoffFactor: 0.5, backoffJitter: 1, timeoutSeconds: 120 });
    expect(retryPolicyFromEnv({})).toMatchObject({ maxRetries: 7, backoffFactor: 2 });
    // retry k waits 0 (k = 1), then factor · 2^(k−1) + jitter, at most 120 s
    expect(backoffMs(p, 1, undefined, () => 0.99)).toBe(0);
    expect(backoffMs(p, 2, undefined, () => 0)).toBe(1000);
    expect(backoffMs(p, 3, undefined, () => 0)).toBe(2000);
    expect(backoffMs(p, 3, undefined, () => 0.5)).toBe(2500);
    expect(backoffMs(p, 30, undefined, () => 0)).toBe(120000);
    // a numeric Retry-After wins, bounded by lakelab at 120 s; a date or "0" falls back to the schedule
    expect(backoffMs(p, 1, "100000", () => 0)).toBe(120000);
    expect(backoffMs(p, 1, "3", () => 0)).toBe(3000);
    expect(backoffMs(p, 2, "Wed, 21 Oct 2026 07:28:00 GMT", () => 0)).toBe(1000);
    expect(isRetryableStatus(501)).toBe(false);
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
  });
});

describe("REST credentials", () => {
  it("sends MLFLOW_TRACKING_TOKEN as Bearer and username/password as Basic", async () => {
    server.requireAuthorization = `Bearer ${TOKEN}`;
    const bearer = store({ credentials: RestCredentials.fromEnv({ MLFLOW_TRACKING_TOKEN: TOKEN }) });
    expect((await bearer.getExperiment("0")).name).toBe("Default");
    server.requireAuthorization = `Basic ${Buffer.from("analyst:pa55-word-xyz").toString("base64")}`;
    const basic = store({
      credentials: RestCredentials.fromEnv({
        MLFLOW_TRACKING_USERNAME: "analyst",
        MLFLOW_TRACKING_PASSWORD: "pa55-word-xyz",
      }),
    });
    expect((await basic.getExperiment("0")).name).toBe("Default");
    const none = await caught(store().getExperiment("0"));
    expect(none.code).toBe("UNAUTHENTICATED");
  });

  it("never shows the token: not in errors, causes, stacks, contexts, nor in the inspected client", async () => {
    const creds = RestCredentials.fromEnv({ MLFLOW_TRACKING_TOKEN: TOKEN });
    server.requireAuthorization = "Bearer something-else";
    const s = store({ credentials: creds, maxRetries: 1 });
    const errors = [
      await caught(s.getExperiment("0")), // 401
      await caught(
        store({ credentials: creds, maxRetries: 1, url: "http://127.0.0.1:9" }).getExperiment("0"),
      ), // refused
    ];
    server.requireAuthorization = `Bearer ${TOKEN}`;
    errors.push(await caught(s.getRun("deadbeefdeadbeefdeadbeefdeadbeef"))); // 404 while authenticated
    server.injectFaults(503, 2);
    errors.push(await caught(s.getExperiment("0"))); // retries exhausted
    for (const err of errors) expect(everything(err)).not.toContain(TOKEN.slice(4, 16));
    expect(inspect(s, { depth: 20, showHidden: true })).not.toContain(TOKEN.slice(4, 16));
    expect(JSON.stringify(creds)).not.toContain(TOKEN.slice(4, 16));
    expect(creds.redact(`echo ${TOKEN} back`)).toBe("echo *** back");
  });

  it("refuses INSECURE_TLS together with a server certificate, and turns verification off when asked", () => {
    expect(() =>
      RestCredentials.fromEnv({
        MLFLOW_TRACKING_INSECURE_TLS: "true",
        MLFLOW_TRACKING_SERVER_CERT_PATH: "/x.pem",
      }),
    ).toThrow(/set only one/);
    expect(
      RestCredentials.fromEnv({ MLFLOW_TRACKING_INSECURE_TLS: "TRUE" }).tlsOptions().rejectUnauthorized,
    ).toBe(false);
    expect(RestCredentials.fromEnv({}).tlsOptions().rejectUnauthorized).toBe(true);
  });
});

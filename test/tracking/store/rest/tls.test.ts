import { execFileSync } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestCredentials } from "../../../../src/tracking/store/rest/credentials";
import { RestStore } from "../../../../src/tracking/store/rest/rest-store";

/** HTTPS with a self-signed certificate (made by openssl): verified by default, trusted via cert path or insecure mode. */
let tmp = "";
let server: https.Server;
let url = "";

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-tls-"));
  const [key, cert] = [path.join(tmp, "key.pem"), path.join(tmp, "cert.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        experiment: {
          experiment_id: "0",
          name: "Default",
          artifact_location: "x",
          lifecycle_stage: "active",
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fs.rm(tmp, { recursive: true, force: true });
});

const store = (env: NodeJS.ProcessEnv) =>
  new RestStore(url, {
    sleep: async () => {},
    retry: { maxRetries: 0 },
    credentials: RestCredentials.fromEnv(env),
  });

describe("REST store over TLS", () => {
  it("refuses an untrusted certificate by default, without retrying, naming the setting to use", async () => {
    const s = new RestStore(url, {
      sleep: async () => {},
      retry: { maxRetries: 3 },
      credentials: RestCredentials.fromEnv({}),
    });
    const err = await s.getExperiment("0").catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CONFIG_INVALID" });
    expect((err as Error).message).toContain("MLFLOW_TRACKING_SERVER_CERT_PATH");
    expect(s.http.requestCount).toBe(1);
  });

  it("trusts it through MLFLOW_TRACKING_SERVER_CERT_PATH or MLFLOW_TRACKING_INSECURE_TLS", async () => {
    const viaCert = store({ MLFLOW_TRACKING_SERVER_CERT_PATH: path.join(tmp, "cert.pem") });
    expect((await viaCert.getExperiment("0")).name).toBe("Default");
    const insecure = store({ MLFLOW_TRACKING_INSECURE_TLS: "true" });
    expect((await insecure.getExperiment("0")).name).toBe("Default");
  });
});

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError } from "../../src/errors";
import { closeConnections, currentConnection, getConnection } from "../../src/lakehouse/connection";
import { getTrackingUri } from "../../src/tracking/tracking-uri";

let root: string;
let cwd: string;
let home: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "lakelab-getconn-"));
  cwd = path.join(root, "work");
  home = path.join(root, "home");
  mkdirSync(cwd);
  mkdirSync(home);
});
afterEach(() => {
  closeConnections();
  rmSync(root, { recursive: true, force: true });
});

describe("getConnection", () => {
  it("opens the local lakehouse: a SQLite catalog under ./warehouse and MLflow runs under ./mlruns", async () => {
    const conn = await getConnection(undefined, { cwd, home, env: {} });
    expect(conn.name).toBe("local");
    await conn.catalog.createNamespace("default");
    expect(existsSync(path.join(cwd, "warehouse", "catalog.db"))).toBe(true);
    const expId = await conn.tracking.createExperiment("e");
    expect(existsSync(path.join(cwd, "mlruns", expId, "meta.yaml"))).toBe(true);
    // the fluent API follows the current connection
    expect(getTrackingUri()).toBe(conn.tracking.trackingUri);
    expect(await currentConnection()).toBe(conn);
    expect(conn.describe()).toBe("connection 'local' (built-in): warehouse ./warehouse, tracking ./mlruns");
    expect(String(conn)).not.toContain(root);
  });

  it("opens a named connection from the home config, and reuses an open one", async () => {
    writeFileSync(
      path.join(home, ".lakelab.yaml"),
      "connections:\n  team:\n    warehouse: shared/wh\n    tracking_uri: https://bob:t0ken@mlflow.example.com\n    catalog: team\n",
    );
    const conn = await getConnection("team", { cwd, home, env: {} });
    expect(conn.catalog.name).toBe("team");
    expect(conn.tracking.trackingUri).toBe("https://bob:***@mlflow.example.com");
    expect(conn.tracking.isFor("https://bob:t0ken@mlflow.example.com")).toBe(true);
    expect(conn.describe()).toBe(
      "connection 'team' (~/.lakelab.yaml): warehouse ~/shared/wh, tracking https://***@mlflow.example.com",
    );
    expect(await getConnection("team", { cwd, home, env: {} })).toBe(conn);
  });

  it("fails with CONNECTION_NOT_FOUND for an unknown name", async () => {
    const err = await getConnection("prod", { cwd, home, env: {} }).catch((e) => e);
    expect(isLakelabError(err, "CONNECTION_NOT_FOUND")).toBe(true);
  });

  it("never shows secrets: describe, config and a printed connection mask them", async () => {
    writeFileSync(
      path.join(cwd, "lakelab.yaml"),
      [
        "connections:",
        "  lake:",
        "    catalog: { type: sql, warehouse: ./wh, uri: ./wh/cat.db }",
        "    storage:",
        "      s3.endpoint: http://minio.internal:9000",
        "      s3.access-key-id: AKIDVISIBLE",
        "      s3.secret-access-key: ${SECRET_KEY}",
        "      s3.session-token: literal-session-token",
        "    tracking_uri: https://bob:${MLFLOW_PW}@mlflow.example.com",
        "",
      ].join("\n"),
    );
    const env = { SECRET_KEY: "wJalrXUtnFEMI-very-secret", MLFLOW_PW: "pw-secret" };
    const conn = await getConnection("lake", { cwd, home, env });
    const shown = [conn.describe(), String(conn), inspect(conn, { depth: 5 }), JSON.stringify(conn.config)];
    for (const text of shown) {
      expect(text).not.toContain("wJalrXUtnFEMI-very-secret");
      expect(text).not.toContain("literal-session-token");
      expect(text).not.toContain("pw-secret");
    }
    expect(conn.describe()).toBe(
      "connection 'lake' (./lakelab.yaml): warehouse ./wh, storage s3.endpoint=http://minio.internal:9000, " +
        "s3.access-key-id=AKIDVISIBLE, s3.secret-access-key=***, s3.session-token=***, tracking https://***@mlflow.example.com",
    );
    expect(inspect(conn)).toBe(conn.describe());
    expect(existsSync(path.join(cwd, "wh", "cat.db"))).toBe(true);
  });
});

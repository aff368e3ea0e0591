import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LakelabError } from "../../src/errors";
import { resolveConnectionConfig } from "../../src/lakehouse/connection-lookup";

let root: string;
let cwd: string;
let home: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "lakelab-conn-"));
  cwd = path.join(root, "project");
  home = path.join(root, "home");
  mkdirSync(cwd);
  mkdirSync(home);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function caught(f: () => unknown): LakelabError {
  try {
    f();
  } catch (err) {
    if (err instanceof LakelabError) return err;
    throw err;
  }
  throw new Error("expected a LakelabError");
}

describe("resolveConnectionConfig", () => {
  it("defaults to the built-in local lakehouse under the working directory", () => {
    const c = resolveConnectionConfig(undefined, { cwd, home, env: {} });
    expect(c).toEqual({
      name: "local",
      catalog: { type: "sql", warehouse: path.join(cwd, "warehouse") },
      storage: {},
      trackingUri: path.join(cwd, "mlruns"),
      source: "built-in",
    });
  });

  it("reads the home directory's .lakelab.yaml and resolves its relative paths against it", () => {
    writeFileSync(
      path.join(home, ".lakelab.yaml"),
      "connections:\n  team:\n    warehouse: lake/wh\n    tracking_uri: http://mlflow.internal:5000\n    catalog: shared\n",
    );
    const c = resolveConnectionConfig("team", { cwd, home, env: {} });
    expect(c.catalog).toEqual({ type: "sql", warehouse: path.join(home, "lake", "wh"), name: "shared" });
    expect(c.trackingUri).toBe("http://mlflow.internal:5000");
    expect(c.source).toBe("~/.lakelab.yaml");
  });

  it("lets the working directory's file shadow the home file, and LAKELAB_CONNECTION pick the name", () => {
    writeFileSync(path.join(home, "lakelab.yaml"), "connections:\n  team:\n    warehouse: /srv/home-wh\n");
    writeFileSync(
      path.join(cwd, "lakelab.yaml"),
      "connections:\n  team:\n    warehouse: file:///srv/cwd-wh\n",
    );
    const c = resolveConnectionConfig(undefined, { cwd, home, env: { LAKELAB_CONNECTION: "team" } });
    expect(c.catalog).toEqual({ type: "sql", warehouse: "file:///srv/cwd-wh" });
    expect(c.trackingUri).toBe(path.join(cwd, "mlruns"));
    expect(c.source).toBe("./lakelab.yaml");
  });

  it("uses a file's default name, and MLFLOW_TRACKING_URI overrides the tracking URI", () => {
    writeFileSync(
      path.join(cwd, ".lakelab.yaml"),
      "default: mine\nconnections:\n  mine:\n    warehouse: ./wh\n",
    );
    const env = { MLFLOW_TRACKING_URI: "http://localhost:5000" };
    const c = resolveConnectionConfig(undefined, { cwd, home, env });
    expect(c.name).toBe("mine");
    expect(c.catalog).toEqual({ type: "sql", warehouse: path.join(cwd, "wh") });
    expect(c.trackingUri).toBe("http://localhost:5000");
    expect(resolveConnectionConfig("local", { cwd, home, env }).trackingUri).toBe("http://localhost:5000");
  });

  it("names the connections found and every place looked when the name is unknown", () => {
    writeFileSync(path.join(home, ".lakelab.yaml"), "connections:\n  team:\n    warehouse: /srv/wh\n");
    const err = caught(() => resolveConnectionConfig("prod", { cwd, home, env: {} }));
    expect(err.code).toBe("CONNECTION_NOT_FOUND");
    expect(err.message).toContain("'prod'");
    expect(err.message).toContain("local (built-in), team (~/.lakelab.yaml)");
    expect(err.message).toContain("./lakelab.yaml, ./.lakelab.yaml, ~/lakelab.yaml, ~/.lakelab.yaml");
    expect(err.message).not.toContain(root);
    expect(err.context.found).toEqual(["local", "team"]);
  });

  it("rejects a file whose entry has no warehouse, naming the file and the key", () => {
    writeFileSync(path.join(cwd, "lakelab.yaml"), "connections:\n  team:\n    tracking_uri: ./mlruns\n");
    const err = caught(() => resolveConnectionConfig("team", { cwd, home, env: {} }));
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.message).toBe(
      "./lakelab.yaml connection 'team' needs 'warehouse' (a directory or URI) or a 'catalog' mapping",
    );
  });

  it("rejects YAML that does not parse", () => {
    writeFileSync(path.join(cwd, "lakelab.yaml"), "connections: [unclosed\n");
    expect(caught(() => resolveConnectionConfig(undefined, { cwd, home, env: {} })).code).toBe(
      "CONFIG_INVALID",
    );
  });

  it("reads a REST catalog with storage, replacing ${VAR} from the environment in the chosen entry only", () => {
    writeFileSync(
      path.join(cwd, "lakelab.yaml"),
      [
        "default: team",
        "connections:",
        "  team:",
        "    catalog:",
        "      type: rest",
        "      uri: https://catalog.example.com/api/catalog",
        "      warehouse: analytics",
        "      credential: ${ICEBERG_CLIENT_ID}:${ICEBERG_CLIENT_SECRET}",
        "      header.X-Tenant: blue",
        "    storage:",
        "      s3.endpoint: http://minio.internal:9000",
        "      s3.path-style-access: true",
        "      s3:",
        "        region: eu-west-1",
        "    tracking_uri: https://mlflow.example.com",
        "  other:",
        "    catalog: { type: rest, uri: 'http://x', token: '${NOT_SET_ANYWHERE}' }",
        "",
      ].join("\n"),
    );
    const env = { ICEBERG_CLIENT_ID: "id1", ICEBERG_CLIENT_SECRET: "s3cr3t" };
    const c = resolveConnectionConfig(undefined, { cwd, home, env });
    expect(c.name).toBe("team");
    expect(c.catalog).toEqual({
      type: "rest",
      uri: "https://catalog.example.com/api/catalog",
      warehouse: "analytics",
      properties: { credential: "id1:s3cr3t", "header.X-Tenant": "blue" },
    });
    expect(c.storage).toEqual({
      "s3.endpoint": "http://minio.internal:9000",
      "s3.path-style-access": "true",
      "s3.region": "eu-west-1",
    });
    expect(c.trackingUri).toBe("https://mlflow.example.com");
  });

  it("names a missing environment variable and the key using it, never a value", () => {
    writeFileSync(
      path.join(cwd, "lakelab.yaml"),
      "connections:\n  team:\n    catalog:\n      type: rest\n      uri: http://c\n      credential: ${ICEBERG_CLIENT_ID}:${ICEBERG_CLIENT_SECRET}\n",
    );
    const err = caught(() =>
      resolveConnectionConfig("team", { cwd, home, env: { ICEBERG_CLIENT_ID: "visible-id" } }),
    );
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.message).toBe(
      "connection 'team' (./lakelab.yaml): catalog.credential uses the environment variable ICEBERG_CLIENT_SECRET, which is not set",
    );
    expect(err.context).toMatchObject({ variable: "ICEBERG_CLIENT_SECRET", key: "catalog.credential" });
    expect(JSON.stringify(err.context)).not.toContain("visible-id");
  });

  it("rejects a catalog type it does not know and a rest catalog without a uri", () => {
    writeFileSync(
      path.join(cwd, "lakelab.yaml"),
      "connections:\n  a:\n    catalog: { type: hive, uri: thrift://x }\n  b:\n    catalog: { type: rest }\n",
    );
    expect(caught(() => resolveConnectionConfig("a", { cwd, home, env: {} })).message).toContain(
      "catalog type 'hive' is not one lakelab knows",
    );
  });
});

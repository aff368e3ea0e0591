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
      warehouse: path.join(cwd, "warehouse"),
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
    expect(c.warehouse).toBe(path.join(home, "lake", "wh"));
    expect(c.trackingUri).toBe("http://mlflow.internal:5000");
    expect(c.catalogName).toBe("shared");
    expect(c.source).toBe("~/.lakelab.yaml");
  });

  it("lets the working directory's file shadow the home file, and LAKELAB_CONNECTION pick the name", () => {
    writeFileSync(path.join(home, "lakelab.yaml"), "connections:\n  team:\n    warehouse: /srv/home-wh\n");
    writeFileSync(
      path.join(cwd, "lakelab.yaml"),
      "connections:\n  team:\n    warehouse: file:///srv/cwd-wh\n",
    );
    const c = resolveConnectionConfig(undefined, { cwd, home, env: { LAKELAB_CONNECTION: "team" } });
    expect(c.warehouse).toBe("file:///srv/cwd-wh");
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
    expect(c.warehouse).toBe(path.join(cwd, "wh"));
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
      "./lakelab.yaml connection 'team' needs 'warehouse' (a directory or file:// URI)",
    );
  });

  it("rejects YAML that does not parse", () => {
    writeFileSync(path.join(cwd, "lakelab.yaml"), "connections: [unclosed\n");
    expect(caught(() => resolveConnectionConfig(undefined, { cwd, home, env: {} })).code).toBe(
      "CONFIG_INVALID",
    );
  });
});

import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DANFO_INSTALL } from "../../src/dataframe/danfo";
import { isLakelabError } from "../../src/errors";
import { requireOptionalPeer } from "../../src/util/optional-peer";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-peer-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A real package in a real node_modules whose own dependency is not installed. */
function packageWithMissingDependency(): (name: string) => unknown {
  const dir = path.join(scratch, "node_modules", "half-installed");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "half-installed", "main": "index.js" }');
  fs.writeFileSync(path.join(dir, "index.js"), 'module.exports = require("lakelab-test-absent-xlsx");');
  return createRequire(path.join(scratch, "index.js"));
}

describe("requireOptionalPeer", () => {
  it("loads an installed peer", () => {
    const yaml = requireOptionalPeer<typeof import("yaml")>({ name: "yaml", neededBy: "test", install: "x" });
    expect(yaml.stringify({ a: 1 })).toBe("a: 1\n");
  });

  it("names the missing package and the command that installs it", () => {
    const err = (() => {
      try {
        requireOptionalPeer({ name: "lakelab-test-absent", neededBy: "toDataFrame", install: DANFO_INSTALL });
      } catch (e) {
        return e;
      }
    })();
    expect(isLakelabError(err, "DEPENDENCY_MISSING")).toBe(true);
    const message = (err as Error).message;
    expect(message).toContain("toDataFrame needs lakelab-test-absent");
    expect(message).toContain('"overrides": { "xlsx": "0.18.5" }');
    expect(message).toContain("npm install danfojs@1.2");
    expect((err as { context: unknown }).context).toEqual({
      dependency: "lakelab-test-absent",
      missing: "lakelab-test-absent",
    });
  });

  it("names a peer's own missing dependency (danfojs without its xlsx)", () => {
    const load = packageWithMissingDependency();
    const err = (() => {
      try {
        requireOptionalPeer(
          { name: "half-installed", neededBy: "toDataFrame", install: "run: fix it" },
          load,
        );
      } catch (e) {
        return e;
      }
    })();
    expect(isLakelabError(err, "DEPENDENCY_MISSING")).toBe(true);
    expect((err as Error).message).toContain("lakelab-test-absent-xlsx (needed by half-installed)");
  });

  it("lets a peer's own failure through unchanged", () => {
    const boom = new SyntaxError("Unexpected token");
    expect(() =>
      requireOptionalPeer({ name: "x", neededBy: "t", install: "i" }, () => {
        throw boom;
      }),
    ).toThrow(boom);
  });
});

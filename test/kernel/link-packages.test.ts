import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linkPackages, PACKAGE_ROOT } from "../../kernel/link-packages";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-link-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A package folder `root/<where>/node_modules/<name>` holding only a package.json. */
function fakePackage(where: string, name: string): string {
  const dir = path.join(root, where, "node_modules", name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "0.0.0-other" }));
  return dir;
}

describe("linkPackages", () => {
  it("links this build of lakelab and its dependencies into a fresh folder", () => {
    const dir = path.join(root, "project");
    fs.mkdirSync(dir);
    const linked = linkPackages(dir);
    expect(linked).toContain("lakelab");
    expect(linked).toContain("apache-arrow");
    expect(fs.realpathSync(path.join(dir, "node_modules", "lakelab"))).toBe(fs.realpathSync(PACKAGE_ROOT));
  });

  it("links this build even when a folder above holds another lakelab, but reuses dependencies found above", () => {
    fakePackage(".", "lakelab");
    const arrowAbove = fakePackage(".", "apache-arrow");
    const dir = path.join(root, "below");
    fs.mkdirSync(dir);
    const linked = linkPackages(dir);
    expect(linked).toContain("lakelab");
    expect(linked).not.toContain("apache-arrow");
    expect(fs.realpathSync(path.join(dir, "node_modules", "lakelab"))).toBe(fs.realpathSync(PACKAGE_ROOT));
    expect(fs.existsSync(path.join(dir, "node_modules", "apache-arrow"))).toBe(false);
    expect(fs.existsSync(arrowAbove)).toBe(true);
    // a second call finds everything in place
    expect(linkPackages(dir)).toEqual([]);
  });
});

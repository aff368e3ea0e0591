import * as fs from "node:fs";
import * as path from "node:path";

/** The root of the lakelab package (the folder holding its package.json). */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

/**
 * Makes `import ... from "lakelab"` (and from lakelab's own dependencies, such as apache-arrow)
 * resolve in notebooks run from `dir`: each name that Node's resolution does not already find
 * from there gets a symlink in `dir/node_modules`. tslab type-checks cells with Node10
 * resolution, which walks up node_modules folders and follows symlinks to the real files, so
 * the package's top-level "types" and its dependencies' types are found the same way.
 */
export function linkPackages(dir: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const linked: string[] = [];
  const targets = new Map<string, string>([[manifest.name, PACKAGE_ROOT]]);
  // optional peers (danfojs, the corpus) too, when they are installed: cells may import them
  for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    targets.set(dep, path.join(PACKAGE_ROOT, "node_modules", dep));
  }
  for (const [name, target] of targets) {
    if (!fs.existsSync(target)) continue;
    // lakelab itself must be this build, even when a folder above holds another one
    const found = resolvesFrom(dir, name);
    if (found !== undefined && (name !== manifest.name || samePath(found, target))) continue;
    const link = path.join(dir, "node_modules", ...name.split("/"));
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.rmSync(link, { force: true });
    // relative, so a committed link keeps working wherever the repository is cloned
    fs.symlinkSync(path.relative(path.dirname(link), target), link, "dir");
    linked.push(name);
  }
  return linked;
}

/** The folder `name` resolves to from `dir` (Node's walk up the node_modules folders), if any. */
function resolvesFrom(dir: string, name: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const candidate = path.join(at, "node_modules", ...name.split("/"));
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(at) === at) return undefined;
  }
}

function samePath(a: string, b: string): boolean {
  return fs.realpathSync(a) === fs.realpathSync(b);
}

function findPackageRoot(from: string): string {
  for (let at = from; ; at = path.dirname(at)) {
    if (isLakelabRoot(at)) return at;
    if (path.dirname(at) === at) return path.resolve(from, "..", "..");
  }
}

function isLakelabRoot(dir: string): boolean {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name === "lakelab";
  } catch {
    return false;
  }
}

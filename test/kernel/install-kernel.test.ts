import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installKernel, locateJupyter, uninstallKernel } from "../../kernel";
import { main } from "../../kernel/cli";
import { isLakelabError } from "../../src/errors";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-kernel-test-"));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The real `jupyter kernelspec list`, as a user would run it.
function listedKernels(
  jupyterPath: string,
): Record<string, { resource_dir: string; spec: { argv: string[]; env?: Record<string, string> } }> {
  const result = spawnSync("/usr/bin/python3", ["-m", "jupyter", "kernelspec", "list", "--json"], {
    encoding: "utf8",
    env: { ...process.env, JUPYTER_PATH: jupyterPath },
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout).kernelspecs;
}

function kernelsIn(prefix: string): string[] {
  return fs.readdirSync(path.join(prefix, "share", "jupyter", "kernels")).sort();
}

describe("lakelab kernel install --prefix", () => {
  it("registers a kernelspec that jupyter kernelspec list shows, running tslab by absolute path", () => {
    expect(main(["kernel", "install", "--prefix", dir])).toBe(0);
    const kernels = listedKernels(path.join(dir, "share", "jupyter"));
    const lakelab = kernels.lakelab!;
    expect(lakelab.resource_dir).toBe(path.join(dir, "share", "jupyter", "kernels", "lakelab"));
    const [node, tslab, ...rest] = lakelab.spec.argv;
    expect(node).toBe(process.execPath);
    expect(path.isAbsolute(tslab!)).toBe(true);
    expect(fs.realpathSync(tslab!)).toBe(fs.realpathSync("node_modules/tslab/bin/tslab"));
    expect(rest).toEqual(["kernel", "--config-path", "{connection_file}"]);
    const spec = JSON.parse(fs.readFileSync(path.join(lakelab.resource_dir, "kernel.json"), "utf8"));
    expect(spec.display_name).toBe("TypeScript (lakelab)");
    expect(spec.language).toBe("typescript");
    // as Jupyter reads it: it adds these to the kernel's environment
    expect(lakelab.spec.env).toEqual({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
  });

  it("is idempotent and leaves other kernelspecs alone on install and uninstall", () => {
    const other = path.join(dir, "share", "jupyter", "kernels", "other");
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, "kernel.json"), '{"argv":["x"],"display_name":"Other","language":"x"}');
    const first = installKernel({ prefix: dir });
    const spec = fs.readFileSync(path.join(first.directory, "kernel.json"), "utf8");
    expect(installKernel({ prefix: dir }).directory).toBe(first.directory);
    expect(fs.readFileSync(path.join(first.directory, "kernel.json"), "utf8")).toBe(spec);
    expect(kernelsIn(dir)).toEqual(["lakelab", "other"]);

    expect(uninstallKernel({ prefix: dir })).toEqual({ directory: first.directory, removed: true });
    expect(kernelsIn(dir)).toEqual(["other"]);
    expect(Object.keys(listedKernels(path.join(dir, "share", "jupyter")))).not.toContain("lakelab");
    expect(uninstallKernel({ prefix: dir }).removed).toBe(false);
    expect(fs.readFileSync(path.join(other, "kernel.json"), "utf8")).toContain("Other");
  });

  it("refuses to remove a 'lakelab' kernelspec it did not write", () => {
    const foreign = path.join(dir, "share", "jupyter", "kernels", "lakelab");
    fs.mkdirSync(foreign, { recursive: true });
    fs.writeFileSync(
      path.join(foreign, "kernel.json"),
      '{"argv":["x"],"display_name":"Mine","language":"x"}',
    );
    let error: unknown;
    try {
      uninstallKernel({ prefix: dir });
    } catch (err) {
      error = err;
    }
    expect(isLakelabError(error, "INVALID_ARGUMENT")).toBe(true);
    expect(fs.existsSync(path.join(foreign, "kernel.json"))).toBe(true);
  });
});

describe("lakelab kernel install --user", () => {
  it("installs into the user's Jupyter data directory", () => {
    vi.stubEnv("JUPYTER_DATA_DIR", dir);
    const { directory } = installKernel({ user: true });
    expect(directory).toBe(path.join(dir, "kernels", "lakelab"));
    expect(fs.existsSync(path.join(directory, "kernel.json"))).toBe(true);
    expect(uninstallKernel({ user: true }).removed).toBe(true);
    expect(fs.readdirSync(path.join(dir, "kernels"))).toEqual([]);
  });
});

describe("locating Jupyter", () => {
  it("uses the Python named by LAKELAB_JUPYTER_PYTHON", () => {
    expect(locateJupyter({ LAKELAB_JUPYTER_PYTHON: "/usr/bin/python3" }).python).toBe("/usr/bin/python3");
  });

  it("says how to install Jupyter when none is found", () => {
    let error: unknown;
    try {
      locateJupyter({ LAKELAB_JUPYTER_PYTHON: path.join(dir, "no-python") });
    } catch (err) {
      error = err;
    }
    expect(isLakelabError(error, "JUPYTER_NOT_FOUND")).toBe(true);
    expect((error as Error).message).toContain(
      "apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel",
    );
  });

  it("makes the CLI exit 1 with that message, and 2 on unknown commands", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.stubEnv("LAKELAB_JUPYTER_PYTHON", path.join(dir, "no-python"));
    expect(main(["kernel", "install", "--prefix", dir])).toBe(1);
    expect(String(errors.mock.calls[0]![0])).toMatch(/^lakelab: no Jupyter was found/);
    expect(main(["kernel", "frobnicate"])).toBe(2);
    expect(main(["kernel", "install", "--user", "--prefix", dir])).toBe(1);
    expect(fs.existsSync(path.join(dir, "share"))).toBe(false);
  });
});

/**
 * `node dist/scripts/ensure-jupyter.js`: makes sure the Jupyter that tests and the demo use is
 * there. On Debian it checks the packages in JUPYTER_DEBIAN_PACKAGES and installs the missing
 * ones with apt-get when running as root; otherwise it stops, naming them. With
 * LAKELAB_JUPYTER_PYTHON set, it only checks that this Python has what is needed.
 */
import { spawnSync } from "node:child_process";
import { JUPYTER_DEBIAN_PACKAGES, JUPYTER_PYTHON_ENV } from "../kernel/locate-jupyter";

const PYTHON_MODULES = ["notebook", "nbconvert", "nbclient", "ipykernel", "jupyter_client"];

/** Checks (and as root on Debian, installs) what Jupyter needs; returns the exit code. */
export function ensureJupyter(env: NodeJS.ProcessEnv = process.env): number {
  const named = env[JUPYTER_PYTHON_ENV];
  if (named !== undefined && named !== "") {
    if (hasModules(named)) return 0;
    console.error(
      `${JUPYTER_PYTHON_ENV}=${named} cannot import ${PYTHON_MODULES.join(", ")}; ` +
        `install them into it (pip install notebook nbconvert nbclient ipykernel) or unset ${JUPYTER_PYTHON_ENV}`,
    );
    return 1;
  }
  if (!succeeds("dpkg-query", ["--version"])) {
    if (hasModules("/usr/bin/python3")) return 0;
    console.error(
      `Jupyter is missing: /usr/bin/python3 cannot import ${PYTHON_MODULES.join(", ")}. ` +
        `Install Jupyter (Debian/Ubuntu: apt-get install ${JUPYTER_DEBIAN_PACKAGES.join(" ")}) ` +
        `or set ${JUPYTER_PYTHON_ENV} to a Python that has it`,
    );
    return 1;
  }
  const missing = JUPYTER_DEBIAN_PACKAGES.filter((pkg) => !debianPackageInstalled(pkg));
  if (missing.length === 0) return 0;
  const command = `apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    console.error(
      `Missing Debian packages for Jupyter: ${missing.join(" ")}.\nInstall them with: sudo ${command}`,
    );
    return 1;
  }
  console.log(`Installing Debian packages for Jupyter: ${missing.join(" ")}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...missing], {
      stdio: "inherit",
      env: aptEnv,
    });
  let ok = install();
  if (ok.status !== 0) {
    // a clean machine may have no package lists yet
    spawnSync("apt-get", ["update"], { stdio: "inherit", env: aptEnv });
    ok = install();
  }
  if (ok.status !== 0) {
    console.error(`'${command}' failed (exit ${ok.status}); install the packages and retry`);
    return 1;
  }
  return 0;
}

function debianPackageInstalled(pkg: string): boolean {
  // dpkg-query's own format syntax, not a JS template
  const format = "-f=$" + "{Status}";
  const query = spawnSync("dpkg-query", ["-W", format, pkg], { encoding: "utf8" });
  return query.status === 0 && query.stdout.trim().endsWith(" installed");
}

function hasModules(python: string): boolean {
  return succeeds(python, ["-c", `import ${PYTHON_MODULES.join(", ")}`]);
}

function succeeds(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

if (require.main === module) process.exitCode = ensureJupyter();

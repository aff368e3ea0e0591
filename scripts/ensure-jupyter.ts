/**
 * `node dist/scripts/ensure-jupyter.js`: makes sure the Jupyter that tests and the demo use is
 * there. On Debian it checks the packages in JUPYTER_DEBIAN_PACKAGES and installs the missing
 * ones with apt-get when running as root (waiting for another apt/dpkg process to finish);
 * otherwise it stops, naming them. With LAKELAB_JUPYTER_PYTHON set, it only checks that this
 * Python has what is needed.
 */
import { JUPYTER_DEBIAN_PACKAGES, JUPYTER_PYTHON_ENV } from "../kernel/locate-jupyter";
import { LakelabError } from "../src/errors";
import { aptGet, DEFAULT_LOCK_WAIT, type Host, type LockWait, lockHeld, systemHost } from "./apt-get";

const PYTHON_MODULES = ["notebook", "nbconvert", "nbclient", "ipykernel", "jupyter_client"];

/**
 * Checks (and as root on Debian, installs) what Jupyter needs; throws JUPYTER_NOT_FOUND saying
 * what is missing and how to install it. Tests pass a `host` whose commands are recorded.
 */
export async function ensureJupyter(
  host: Host = systemHost,
  wait: LockWait = DEFAULT_LOCK_WAIT,
): Promise<void> {
  const named = host.env[JUPYTER_PYTHON_ENV];
  if (named !== undefined && named !== "") {
    if (hasModules(host, named)) return;
    throw missing(
      `${JUPYTER_PYTHON_ENV}=${named} cannot import ${PYTHON_MODULES.join(", ")}; ` +
        `install them into it (pip install notebook nbconvert nbclient ipykernel) or unset ${JUPYTER_PYTHON_ENV}`,
      { python: named, modules: PYTHON_MODULES },
    );
  }
  if (host.query("dpkg-query", ["--version"]).status !== 0) {
    if (hasModules(host, "/usr/bin/python3")) return;
    throw missing(
      `Jupyter is missing: /usr/bin/python3 cannot import ${PYTHON_MODULES.join(", ")}. ` +
        `Install Jupyter (Debian/Ubuntu: apt-get install ${JUPYTER_DEBIAN_PACKAGES.join(" ")}) ` +
        `or set ${JUPYTER_PYTHON_ENV} to a Python that has it`,
      { python: "/usr/bin/python3", modules: PYTHON_MODULES },
    );
  }
  const packages = JUPYTER_DEBIAN_PACKAGES.filter((pkg) => !debianPackageInstalled(host, pkg));
  if (packages.length === 0) return;
  const install = ["install", "-y", "--no-install-recommends", ...packages];
  if (!host.isRoot) {
    throw missing(
      `Missing Debian packages for Jupyter: ${packages.join(" ")}.\nInstall them with: sudo apt-get ${install.join(" ")}`,
      { packages },
    );
  }
  host.log(`Installing Debian packages for Jupyter: ${packages.join(" ")}`);
  const announced = new Set<string>();
  let result = await aptGet(host, install, wait, announced);
  if (result.status !== 0 && !lockHeld(result)) {
    // a clean machine may have no package lists yet
    await aptGet(host, ["update"], wait, announced);
    result = await aptGet(host, install, wait, announced);
  }
  if (result.status !== 0) {
    const held = lockHeld(result);
    throw missing(
      held
        ? `another apt/dpkg process (pid ${held.pid ?? "unknown"}) still held ${held.lock} after ` +
            `${wait.maxMs / 1000} s; 'apt-get ${install.join(" ")}' did not run. Retry when it has finished`
        : `'apt-get ${install.join(" ")}' failed (exit ${result.status}); install the packages and retry`,
      { packages, exitCode: result.status, lockHolder: held?.pid },
      held !== undefined,
    );
  }
}

function missing(message: string, context: Record<string, unknown>, retryable = false): LakelabError {
  return new LakelabError("JUPYTER_NOT_FOUND", message, { context, retryable });
}

function debianPackageInstalled(host: Host, pkg: string): boolean {
  // dpkg-query's own format syntax, not a JS template
  const format = "-f=$" + "{Status}";
  const query = host.query("dpkg-query", ["-W", format, pkg]);
  return query.status === 0 && query.stdout.trim().endsWith(" installed");
}

function hasModules(host: Host, python: string): boolean {
  return host.query(python, ["-c", `import ${PYTHON_MODULES.join(", ")}`]).status === 0;
}

if (require.main === module) {
  ensureJupyter().catch((err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}

import { afterEach, describe, expect, it, vi } from "vitest";
import { ensureJupyter } from "../../scripts/ensure-jupyter";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ensure-jupyter", () => {
  it("accepts this machine's Jupyter without installing anything", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(ensureJupyter({ ...process.env, LAKELAB_JUPYTER_PYTHON: "" })).toBe(0);
    expect(log).not.toHaveBeenCalled(); // nothing to install: no apt-get run
  });

  it("checks the Python named by LAKELAB_JUPYTER_PYTHON and names what it lacks", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(ensureJupyter({ ...process.env, LAKELAB_JUPYTER_PYTHON: "/usr/bin/python3" })).toBe(0);
    expect(ensureJupyter({ ...process.env, LAKELAB_JUPYTER_PYTHON: "/nonexistent/python3" })).toBe(1);
    expect(String(errors.mock.calls[0]![0])).toContain(
      "cannot import notebook, nbconvert, nbclient, ipykernel, jupyter_client",
    );
  });
});

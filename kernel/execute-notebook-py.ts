/**
 * The Python program that executes a notebook with nbclient. Arguments: source notebook,
 * output path, kernel name, working directory, per-cell timeout in seconds. It stops at the
 * first cell that writes to stderr or reports an error (tslab reports errors on stderr, not as
 * `error` messages), always writes the notebook as far as it ran, and exits 3 on such a cell.
 */
export const EXECUTE_NOTEBOOK_PY = `
import sys
import nbformat
from nbclient import NotebookClient

source, output, kernel_name, cwd, timeout = sys.argv[1:6]


class CellFailed(Exception):
    pass


def failed_output(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return "\\n".join(out.get("traceback", [])) or out.get("evalue", "")
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            return out.get("text", "")
    return None


def on_cell_executed(cell, cell_index, execute_reply):
    problem = failed_output(cell)
    if problem is not None:
        raise CellFailed("cell %d wrote to stderr:\\n%s" % (cell_index, problem))


nb = nbformat.read(source, as_version=4)
client = NotebookClient(
    nb,
    kernel_name=kernel_name,
    timeout=int(timeout),
    allow_errors=True,
    resources={"metadata": {"path": cwd}},
    on_cell_executed=on_cell_executed,
)
status = 0
try:
    client.execute()
except CellFailed as e:
    sys.stderr.write(str(e) + "\\n")
    status = 3
finally:
    nbformat.write(nb, output)
sys.exit(status)
`;

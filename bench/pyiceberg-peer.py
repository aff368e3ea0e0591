"""The Python sides of `npm run bench -- iceberg`, each kept running in its own process.

    pyiceberg-peer.py pyiceberg <dir>   pyiceberg 0.12: SQL catalog (SQLite) + warehouse in <dir>
    pyiceberg-peer.py pyarrow <dir>     pyarrow directly (the floor under pyiceberg)

Same JSON-lines protocol as bench/lakelab-peer.ts: one command per line on stdin, one answer per
line on stdout, the first line a hello; every answer carries the peak RSS so far (KB, VmHWM).
pyiceberg: {"op": "create"|"append", "table", "data", "keep"} -> seconds, snapshotId;
{"op": "scan", "table", "snapshotId", "stream"} -> seconds, rows; {"op": "files", ...} -> files.
pyarrow: {"op": "write", "data", "out", "keep"} -> seconds; {"op": "read", "files"} -> seconds, rows.
Data files are Arrow IPC files written by the bench, read here untimed.
"""

import gc
import json
import os
import sys
import time

import pyarrow as pa
import pyarrow.ipc
import pyarrow.parquet as pq


def peak_rss_kb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the spawning parent across exec
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


kept = {}


def load(path, keep=False):
    table = kept.get(path)
    if table is None:
        with pa.OSFile(path, "rb") as f:
            table = pa.ipc.open_file(f).read_all()
    if keep:
        kept[path] = table
    return table


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def pyiceberg_side(directory):
    import pyiceberg
    from pyiceberg.catalog.sql import SqlCatalog

    catalog = SqlCatalog(
        "bench",
        uri=f"sqlite:///{os.path.join(directory, 'catalog.db')}",
        warehouse=f"file://{directory}",
    )
    catalog.create_namespace("default")

    def write(c):
        data = load(c["data"], c.get("keep", False))
        if c["op"] == "create":

            # one commit, as lakelab's createOrReplace: the table and its first snapshot together
            def create():
                if catalog.table_exists(c["table"]):
                    catalog.drop_table(c["table"])
                with catalog.create_table_transaction(c["table"], schema=data.schema) as tx:
                    tx.append(data)

            _, seconds = timed(create)
            table = catalog.load_table(c["table"])
        else:

            def append():
                table = catalog.load_table(c["table"])
                table.append(data)
                return table

            table, seconds = timed(append)
        return {"seconds": seconds, "snapshotId": str(table.current_snapshot().snapshot_id)}

    def scan(c):
        def run():
            s = catalog.load_table(c["table"]).scan(snapshot_id=int(c["snapshotId"]))
            if c.get("stream"):
                return sum(b.num_rows for b in s.to_arrow_batch_reader())
            return s.to_arrow().num_rows

        rows, seconds = timed(run)
        return {"seconds": seconds, "rows": rows}

    def files(c):
        tasks = catalog.load_table(c["table"]).scan(snapshot_id=int(c["snapshotId"])).plan_files()
        return {"files": [t.file.file_path.removeprefix("file://") for t in tasks]}

    hello = {"pyiceberg": pyiceberg.__version__, "pyarrow": pa.__version__}
    return hello, {"create": write, "append": write, "scan": scan, "files": files}


def pyarrow_side(directory):
    def write(c):
        data = load(c["data"], c.get("keep", False))
        _, seconds = timed(lambda: pq.write_table(data, c["out"], compression="zstd"))
        return {"seconds": seconds}

    def read(c):
        rows, seconds = timed(lambda: sum(pq.read_table(f).num_rows for f in c["files"]))
        return {"seconds": seconds, "rows": rows}

    return {"pyarrow": pa.__version__}, {"write": write, "read": read}


def main():
    side, directory = sys.argv[1], sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    hello, commands = (pyiceberg_side if side == "pyiceberg" else pyarrow_side)(directory)
    print(json.dumps({**hello, "ready": True, "peakRssKb": peak_rss_kb()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        gc.collect()
        try:
            c = json.loads(line)
            answer = commands[c["op"]](c)
        except Exception as e:  # noqa: BLE001 - the bench prints it and stops
            answer = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps({**answer, "peakRssKb": peak_rss_kb()}), flush=True)


if __name__ == "__main__":
    main()

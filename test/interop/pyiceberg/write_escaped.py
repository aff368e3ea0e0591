"""Writes default.p (identity-partitioned by name, values that need %-escaping) with pyiceberg.

stdin: {"uri": "sqlite:///…/catalog.db", "warehouse": "file:///…", "names": [...]}
stdout: {"file_paths": [...]} as pyiceberg records them in its manifests.
"""

import json
import sys

import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog

req = json.load(sys.stdin)
catalog = SqlCatalog("default", uri=req["uri"], warehouse=req["warehouse"])
catalog.create_namespace_if_not_exists("default")
data = pa.table({"id": pa.array(range(len(req["names"])), pa.int64()), "name": req["names"]})
table = catalog.create_table("default.p", schema=data.schema)
with table.update_spec() as update:
    update.add_identity("name")
table = catalog.load_table("default.p")
table.append(data)
json.dump({"file_paths": sorted(t.file.file_path for t in table.scan().plan_files())}, sys.stdout)

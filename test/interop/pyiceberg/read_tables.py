"""Reads tables lakelab wrote, with pyiceberg 0.12 only, and reports what it sees as JSON.

stdin:  {"uri": "sqlite:///…/catalog.db", "warehouse": "file:///…", "name": "default",
         "tables": [{"identifier": "default.t", "filters": [<expression>, …]}]}
stdout: {"namespaces": [...], "tables": [...], "results": {identifier: report}}

Values are canonical JSON: timestamps as epoch microseconds, dates as epoch days, binary as
hex, decimals as strings, maps as objects; 64-bit ints are printed exactly.
"""

import datetime as dt
import decimal
import json
import sys
import uuid

import pyarrow as pa
import pyarrow.parquet as pq
from pyiceberg import expressions as ex
from pyiceberg.catalog.sql import SqlCatalog

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
EPOCH_DAY = dt.date(1970, 1, 1)


def canon(v):
    """A Python value as canonical JSON data."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, dt.datetime):
        aware = v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)
        return (aware - EPOCH) // dt.timedelta(microseconds=1)
    if isinstance(v, dt.date):
        return (v - EPOCH_DAY).days
    if isinstance(v, dt.time):
        return ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, dict):
        return {str(k): canon(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [canon(x) for x in v]
    if hasattr(v, "_position_to_field_name"):  # a pyiceberg Record
        return [canon(x) for x in v]
    raise TypeError(f"no canonical form for {type(v).__name__}: {v!r}")


def typed(v, t: pa.DataType):
    """canon, with Arrow maps (pylist gives (key, value) pairs) as objects."""
    if v is None:
        return None
    if pa.types.is_map(t):
        return {str(canon(k)): typed(x, t.item_type) for k, x in v}
    if pa.types.is_struct(t):
        return {t.field(i).name: typed(v[t.field(i).name], t.field(i).type) for i in range(t.num_fields)}
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [typed(x, t.value_type) for x in v]
    return canon(v)


def rows(table: pa.Table):
    return [{f.name: typed(r[f.name], f.type) for f in table.schema} for r in table.to_pylist()]


def expression(e):
    """A lakelab filter expression (plain data) as a pyiceberg BooleanExpression."""
    op = e["op"]
    simple = {
        "eq": ex.EqualTo,
        "lt": ex.LessThan,
        "lte": ex.LessThanOrEqual,
        "gt": ex.GreaterThan,
        "gte": ex.GreaterThanOrEqual,
    }
    if op in simple:
        return simple[op](e["column"], e["value"])
    if op == "in":
        return ex.In(e["column"], set(e["values"]))
    if op == "isNull":
        return ex.IsNull(e["column"])
    if op == "notNull":
        return ex.NotNull(e["column"])
    if op in ("and", "or"):
        kids = [expression(c) for c in e["children"]]
        join = ex.And if op == "and" else ex.Or
        out = kids[0]
        for k in kids[1:]:
            out = join(out, k)
        return out
    if op == "true":
        return ex.AlwaysTrue()
    if op == "false":
        return ex.AlwaysFalse()
    raise ValueError(f"unknown op {op}")


def local(path: str) -> str:
    return path[len("file://") :] if path.startswith("file://") else path


def column_by_field_id(data: pa.Table, field_id: int):
    for i, f in enumerate(data.schema):
        if f.metadata and int(f.metadata.get(b"PARQUET:field_id", b"-1")) == field_id:
            return data.column(i)
    return None


def check_partitions(table, snapshot, schema):
    """Re-derives every partition value of every live data file from its rows with pyiceberg's transforms."""
    checked, mismatches, files = 0, [], []
    for task in table.scan(snapshot_id=snapshot.snapshot_id).plan_files():
        f = task.file
        spec = table.specs()[f.spec_id]
        data = pq.read_table(local(f.file_path))
        recorded = list(f.partition)
        files.append({"file_path": f.file_path, "spec_id": f.spec_id, "partition": canon(recorded),
                      "record_count": f.record_count, "rows_in_file": data.num_rows})
        for pos, pf in enumerate(spec.fields):
            source = schema.find_field(pf.source_id)
            col = column_by_field_id(data, pf.source_id)
            if col is None:
                mismatches.append({"file": f.file_path, "field": pf.name, "problem": "no source column"})
                continue
            fn = pf.transform.transform(source.field_type)
            for i, v in enumerate(col.to_pylist()):
                checked += 1
                want = canon(fn(v))
                have = canon(recorded[pos])
                if want != have:
                    mismatches.append({"file": f.file_path, "field": pf.name, "row": i,
                                       "value": canon(v), "transform_gives": want, "manifest_says": have})
    return {"checked_values": checked, "mismatches": mismatches[:20], "mismatch_count": len(mismatches),
            "files": files}


def report(catalog, spec_in):
    table = catalog.load_table(spec_in["identifier"])
    md = table.metadata
    out = {
        "metadata_location": table.metadata_location,
        "table_uuid": str(md.table_uuid),
        "format_version": md.format_version,
        "current_snapshot_id": md.current_snapshot_id,
        "current_schema_id": md.current_schema_id,
        "schemas": [json.loads(s.model_dump_json(by_alias=True)) for s in md.schemas],
        "default_spec_id": md.default_spec_id,
        "specs": [json.loads(s.model_dump_json(by_alias=True)) for s in md.partition_specs],
        "refs": {k: json.loads(r.model_dump_json(by_alias=True)) for k, r in md.refs.items()},
        "properties": dict(md.properties),
        "snapshots": [],
    }
    schemas = {s.schema_id: s for s in md.schemas}
    for s in md.snapshots:
        schema = schemas.get(s.schema_id, table.schema())
        scanned = table.scan(snapshot_id=s.snapshot_id).to_arrow()
        out["snapshots"].append({
            "snapshot_id": s.snapshot_id,
            "parent_id": s.parent_snapshot_id,
            "sequence_number": s.sequence_number,
            "schema_id": s.schema_id,
            "summary": {k: str(v) for k, v in s.summary.additional_properties.items()}
            | {"operation": s.summary.operation.value},
            "columns": scanned.schema.names,
            "rows": rows(scanned),
            "partitions": check_partitions(table, s, schema),
            "files": rows(table.inspect.files(snapshot_id=s.snapshot_id).drop_columns(["readable_metrics"])),
            "entries": rows(table.inspect.entries(snapshot_id=s.snapshot_id).drop_columns(["readable_metrics"])),
        })
    out["filters"] = [rows(table.scan(row_filter=expression(f)).to_arrow()) for f in spec_in.get("filters", [])]
    inspect = table.inspect
    out["inspect"] = {
        "history": rows(inspect.history()),
        "snapshots": rows(inspect.snapshots()),
        "refs": rows(inspect.refs()),
        "manifests": rows(inspect.manifests()) if md.current_snapshot_id is not None else [],
    }
    return out


def main():
    req = json.load(sys.stdin)
    catalog = SqlCatalog(req["name"], uri=req["uri"], warehouse=req["warehouse"])
    namespaces, todo = [], list(catalog.list_namespaces())
    while todo:
        ns = todo.pop(0)
        namespaces.append(ns)
        todo.extend(n for n in catalog.list_namespaces(ns) if n != ns and n not in namespaces)
    tables = sorted(".".join(t) for ns in namespaces for t in catalog.list_tables(ns))
    properties = {".".join(ns): catalog.load_namespace_properties(ns) for ns in namespaces}
    results = {t["identifier"]: report(catalog, t) for t in req["tables"]}
    json.dump({"namespaces": sorted(".".join(ns) for ns in namespaces), "namespace_properties": properties,
               "tables": tables, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()

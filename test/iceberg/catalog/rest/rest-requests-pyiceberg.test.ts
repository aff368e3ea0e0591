/**
 * What RestCatalog sends, read by pyiceberg 0.12's own request models (the reference peer's
 * pydantic CreateTableRequest, CommitTableRequest with its TableRequirement / TableUpdate unions,
 * RegisterTableRequest): an independent reader of the spec's shapes. The server that records
 * the requests is the stand-in (stand-in-rest-catalog.ts says where it is less strict); no
 * real REST catalog server can run here (no Iceberg server in the peers, no Maven access).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestCatalog } from "../../../../src/iceberg/catalog/rest";
import { IcebergCatalog } from "../../../../src/iceberg/table";
import { pythonPeer, runPeerScript } from "../../../support/python-peers";
import { batch, tempDir } from "../../maintenance/helpers";
import { type Recorded, StandInRestCatalog } from "./stand-in-rest-catalog";

const SCRIPT = `
import json, sys
from pyiceberg.table import CommitTableRequest
from pyiceberg.catalog.rest import CreateTableRequest, RegisterTableRequest

inp = json.load(sys.stdin)
out = {"creates": [], "commits": [], "registers": []}
for raw in inp["creates"]:
    r = CreateTableRequest.model_validate_json(raw)
    out["creates"].append({"name": r.name, "location": r.location, "stage": r.stage_create,
        "fields": [f.name for f in r.table_schema.fields], "properties": dict(r.properties)})
for raw in inp["commits"]:
    r = CommitTableRequest.model_validate_json(raw)
    updates = []
    for u in r.updates:
        d = {"cls": type(u).__name__}
        if type(u).__name__ == "AddSnapshotUpdate":
            d["snapshot_id"] = str(u.snapshot.snapshot_id)
            d["parent"] = None if u.snapshot.parent_snapshot_id is None else str(u.snapshot.parent_snapshot_id)
            d["operation"] = u.snapshot.summary.operation.value
        if type(u).__name__ == "SetSnapshotRefUpdate":
            d["ref"] = u.ref_name
            d["ref_snapshot_id"] = str(u.snapshot_id)
            d["type"] = str(u.type.value)
        updates.append(d)
    reqs = []
    for q in r.requirements:
        d = {"cls": type(q).__name__}
        if type(q).__name__ == "AssertRefSnapshotId":
            d["snapshot_id"] = None if q.snapshot_id is None else str(q.snapshot_id)
        reqs.append(d)
    out["commits"].append({"identifier": [*r.identifier.namespace.root, r.identifier.name],
        "updates": updates, "requirements": reqs})
for raw in inp["registers"]:
    r = RegisterTableRequest.model_validate_json(raw)
    out["registers"].append({"name": r.name, "location": r.metadata_location})
print(json.dumps(out))
`;

interface PeerView {
  creates: {
    name: string;
    location: string;
    stage: boolean;
    fields: string[];
    properties: Record<string, string>;
  }[];
  commits: {
    identifier: string[];
    updates: {
      cls: string;
      snapshot_id?: string;
      parent?: string | null;
      ref?: string;
      ref_snapshot_id?: string;
      type?: string;
      operation?: string;
    }[];
    requirements: { cls: string; snapshot_id?: string | null }[];
  }[];
  registers: { name: string; location: string }[];
}

describe("RestCatalog requests as pyiceberg reads them", () => {
  const server = new StandInRestCatalog();
  const tmp = tempDir("lakelab-rest-peer-");
  let view: PeerView;
  const ids: bigint[] = [];
  let registered = "";
  beforeAll(async () => {
    const uri = await server.start();
    const catalog = new IcebergCatalog(await RestCatalog.connect({ uri, warehouse: `file://${tmp.dir}` }));
    await catalog.createNamespace("db");
    ids.push((await catalog.writeTo("db.t").createOrReplace(batch("a"))).snapshotId);
    ids.push((await catalog.writeTo("db.t").append(batch("b"))).snapshotId);
    ids.push((await catalog.writeTo("db.t").createOrReplace(batch("c"))).snapshotId);
    const t = await catalog.loadTable("db.t");
    await t.createTag("v1", ids[0]!);
    registered = t.metadataLocation;
    await catalog.registerTable("db.copy", registered);
    const raws = (f: (r: Recorded) => boolean) => server.requests.filter(f).map((r) => r.raw);
    const input = {
      creates: raws((r) => r.method === "POST" && r.path.endsWith("/db/tables")),
      commits: raws((r) => r.method === "POST" && /\/tables\/t$/.test(r.path)),
      registers: raws((r) => r.path.endsWith("/register")),
    };
    view = await runPeerScript<PeerView>(await pythonPeer("pyiceberg"), SCRIPT, input);
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  it("reads the staged CreateTableRequest: name, location, schema, properties", () => {
    expect(view.creates).toEqual([
      {
        name: "t",
        location: `file://${tmp.dir}/db/t`,
        stage: true,
        fields: ["batch", "i"],
        properties: { "write.parquet.compression-codec": "zstd" },
      },
    ]);
  });

  it("reads every CommitTableRequest into its requirement and update classes, ids exact", () => {
    const [create, append, replace, tag] = view.commits;
    expect(view.commits).toHaveLength(4);
    expect(create!.identifier).toEqual(["db", "t"]);
    expect(create!.requirements).toEqual([{ cls: "AssertCreate" }]);
    expect(create!.updates.map((u) => u.cls)).toEqual([
      "AssignUUIDUpdate",
      "UpgradeFormatVersionUpdate",
      "AddSchemaUpdate",
      "SetCurrentSchemaUpdate",
      "AddPartitionSpecUpdate",
      "SetDefaultSpecUpdate",
      "AddSortOrderUpdate",
      "SetDefaultSortOrderUpdate",
      "SetLocationUpdate",
      "SetPropertiesUpdate",
      "AddSnapshotUpdate",
      "SetSnapshotRefUpdate",
    ]);
    expect(create!.updates.at(-2)).toMatchObject({
      snapshot_id: String(ids[0]),
      parent: null,
      operation: "append",
    });
    expect(append!.requirements).toContainEqual({ cls: "AssertRefSnapshotId", snapshot_id: String(ids[0]) });
    expect(append!.updates).toContainEqual({
      cls: "SetSnapshotRefUpdate",
      ref: "main",
      ref_snapshot_id: String(ids[1]),
      type: "branch",
    });
    expect(replace!.requirements.map((r) => r.cls)).toContain("AssertTableUUID");
    expect(replace!.updates.find((u) => u.cls === "AddSnapshotUpdate")).toMatchObject({
      snapshot_id: String(ids[2]),
      parent: String(ids[1]),
      operation: "overwrite",
    });
    expect(tag!.requirements).toEqual([{ cls: "AssertRefSnapshotId", snapshot_id: null }]);
    expect(tag!.updates).toEqual([
      { cls: "SetSnapshotRefUpdate", ref: "v1", ref_snapshot_id: String(ids[0]), type: "tag" },
    ]);
  });

  it("reads the RegisterTableRequest", () => {
    expect(view.registers).toEqual([{ name: "copy", location: registered }]);
    expect(registered).toMatch(/\/db\/t\/metadata\/\d{5}-.*\.metadata\.json$/);
  });
});

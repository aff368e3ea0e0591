/**
 * Two clients commit on the same base at the same moment, through two servers over one
 * catalog.db (as two team members' `lakelab catalog serve` would): exactly one wins, the other
 * gets 409 CommitFailedException, and the loser leaves no metadata file behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlCatalog } from "../../../../src/iceberg/catalog";
import { type ServedCatalog, serveCatalog } from "../../../../src/iceberg/catalog/rest-server";
import { call, type ServerEnv, servedWarehouse } from "./fixture";

const SCHEMA = {
  type: "struct",
  "schema-id": 0,
  fields: [{ id: 1, name: "id", required: true, type: "long" }],
};
const TABLE = "/v1/namespaces/race/tables/t";

function appendCommit(
  base: { current?: bigint; lastSequence: bigint; location: string },
  snapshotId: bigint,
): string {
  const seq = base.lastSequence + 1n;
  const parent = base.current === undefined ? "" : `"parent-snapshot-id":${base.current},`;
  return `{"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":${base.current ?? "null"}}],
    "updates":[{"action":"add-snapshot","snapshot":{"snapshot-id":${snapshotId},${parent}"sequence-number":${seq},
      "timestamp-ms":${1_700_000_000_000 + Number(seq)},"manifest-list":"${base.location}/metadata/snap-${snapshotId}.avro",
      "summary":{"operation":"append"},"schema-id":0}},
    {"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":${snapshotId}}]}`;
}

describe("racing commits", () => {
  let env: ServerEnv;
  let second: { catalog: SqlCatalog; server: ServedCatalog };
  beforeAll(async () => {
    env = await servedWarehouse();
    const catalog = new SqlCatalog({ name: "default", uri: env.dbFile, warehouse: env.warehouse });
    second = { catalog, server: await serveCatalog({ catalog, port: 0 }) };
    await call(env.url, "POST", "/v1/namespaces", { body: { namespace: ["race"] } });
    await call(env.url, "POST", "/v1/namespaces/race/tables", { body: { name: "t", schema: SCHEMA } });
  });
  afterAll(async () => {
    await second?.server.close();
    second?.catalog.close();
    await env?.close();
  });

  it("one 200 and one 409 CommitFailedException per round, through one server or two", async () => {
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const loaded = (await call(env.url, "GET", TABLE)).json as { metadata: Record<string, unknown> };
      const m = loaded.metadata;
      const current = m["current-snapshot-id"] as bigint | number;
      const base = {
        ...(current === -1 ? {} : { current: BigInt(current) }),
        lastSequence: BigInt(m["last-sequence-number"] as number),
        location: m.location as string,
      };
      const ids = [
        9_000_000_000_000_000_000n + BigInt(round * 2),
        9_000_000_000_000_000_001n + BigInt(round * 2),
      ];
      // even rounds: both through the same server; odd rounds: one through each
      const urls = round % 2 === 0 ? [env.url, env.url] : [env.url, second.server.url];
      const answers = await Promise.all(
        ids.map((id, i) => call(urls[i]!, "POST", TABLE, { body: appendCommit(base, id) })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const loser = answers.find((a) => a.status === 409)!;
      expect((loser.json as { error: { type: string } }).error.type).toBe("CommitFailedException");
      const winner = ids[answers.findIndex((a) => a.status === 200)]!;
      const after = (await call(second.server.url, "GET", TABLE)).json as {
        metadata: Record<string, unknown>;
      };
      expect(after.metadata["current-snapshot-id"]).toBe(winner);
      expect((after.metadata.snapshots as unknown[]).length).toBe(round + 1);
    }
    const metadataDir = path.join(env.warehouse, "race", "t", "metadata");
    const files = fs.readdirSync(metadataDir).filter((f) => f.endsWith(".metadata.json"));
    expect(files).toHaveLength(rounds + 1);
  });
});

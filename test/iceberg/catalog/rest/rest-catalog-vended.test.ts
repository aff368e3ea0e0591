/**
 * Vended credentials: a LoadTableResult's `config` and best-matching `storage-credentials`
 * over the connection's storage properties configure the table's FileIO through fileIOFor.
 * fileIOFor is wrapped to record the properties it is given; tables here live on local disk,
 * which the real fileIOFor serves whatever the properties say. The catalog server is a
 * stand-in (stand-in-rest-catalog.ts says where it is less strict than a real one).
 */
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isLakelabError } from "../../../../src/errors";
import { RestCatalog } from "../../../../src/iceberg/catalog/rest";
import { IcebergCatalog } from "../../../../src/iceberg/table";
import { batch, expectedOf, rowsOf, tempDir } from "../../maintenance/helpers";
import { StandInRestCatalog } from "./stand-in-rest-catalog";

const seen = vi.hoisted(() => [] as Record<string, string>[]);
vi.mock("../../../../src/iceberg/io/file-io-for", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../../src/iceberg/io/file-io-for")>();
  return {
    ...real,
    fileIOFor: (p: Record<string, string> = {}) => {
      seen.push({ ...p });
      return real.fileIOFor(p);
    },
  };
});

const CONNECTION = {
  "s3.endpoint": "http://minio.local:9000",
  "s3.path-style-access": "true",
  "s3.access-key-id": "conn-AK",
  "s3.secret-access-key": "conn-secret-key-1111",
  uri: "ignored-by-storage",
};

describe("RestCatalog vended credentials", () => {
  let server: StandInRestCatalog;
  let tmp: ReturnType<typeof tempDir>;
  let catalog: IcebergCatalog;
  beforeEach(async () => {
    seen.length = 0;
    tmp = tempDir("lakelab-vended-");
    server = new StandInRestCatalog();
    const uri = await server.start();
    const { uri: _u, ...props } = CONNECTION;
    catalog = new IcebergCatalog(
      await RestCatalog.connect({ uri, warehouse: `file://${tmp.dir}`, properties: props }),
    );
    await catalog.createNamespace("db");
  });
  afterEach(async () => {
    await server.close();
    tmp.cleanup();
  });

  it("the catalog's FileIO gets the connection's storage properties only", () => {
    expect(seen[0]).toEqual({
      "s3.endpoint": "http://minio.local:9000",
      "s3.path-style-access": "true",
      "s3.access-key-id": "conn-AK",
      "s3.secret-access-key": "conn-secret-key-1111",
    });
  });

  it("a loaded table's FileIO gets the vended config over the connection's, and writes through it", async () => {
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    server.tableConfig = {
      "s3.access-key-id": "vended-AK",
      "s3.secret-access-key": "vended-secret-9876",
      "s3.session-token": "vended-session-5432",
      "client.region": "eu-central-1",
    };
    seen.length = 0;
    const table = await catalog.loadTable("db.t");
    expect(server.requests.at(-1)!.headers["x-iceberg-access-delegation"]).toBe("vended-credentials");
    expect(seen).toEqual([
      {
        "s3.endpoint": "http://minio.local:9000",
        "s3.path-style-access": "true",
        "s3.access-key-id": "vended-AK",
        "s3.secret-access-key": "vended-secret-9876",
        "s3.session-token": "vended-session-5432",
        "client.region": "eu-central-1",
      },
    ]);
    await catalog.writeTo("db.t").append(batch("b"));
    expect(await rowsOf(await table.refresh())).toEqual(expectedOf("a", "b"));
    expect(inspect(table, { depth: 6 })).not.toContain("vended-secret-9876");
  });

  it("storage-credentials win over config, the longest matching prefix first", async () => {
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    server.tableConfig = { "s3.access-key-id": "from-config" };
    server.storageCredentials = [
      { prefix: "file://", config: { "s3.access-key-id": "short-prefix" } },
      {
        prefix: `file://${tmp.dir}/db/t`,
        config: { "s3.access-key-id": "long-prefix", "s3.session-token": "st-000111" },
      },
      { prefix: "s3://other-bucket", config: { "s3.access-key-id": "not-matching" } },
    ];
    seen.length = 0;
    await catalog.loadTable("db.t");
    expect(seen[0]).toMatchObject({ "s3.access-key-id": "long-prefix", "s3.session-token": "st-000111" });
  });

  it("vended secrets never reach an error message", async () => {
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    server.tableConfig = { "s3.secret-access-key": "vended-secret-9876" };
    await catalog.loadTable("db.t");
    server.failNext("GET", /tables\/t$/, 500, {
      type: "InternalServerError",
      message: "S3 refused key vended-secret-9876 and conn-secret-key-1111",
    });
    try {
      await catalog.loadTable("db.t");
      throw new Error("expected a failure");
    } catch (err) {
      expect(isLakelabError(err, "INTERNAL_ERROR")).toBe(true);
      const shown = `${(err as Error).message} ${inspect(err, { depth: 10, showHidden: true })}`;
      expect(shown).toContain("S3 refused key ***");
      expect(shown).not.toContain("vended-secret-9876");
      expect(shown).not.toContain("conn-secret-key-1111");
    }
  });
});

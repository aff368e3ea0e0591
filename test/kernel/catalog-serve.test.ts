import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCatalogServeArgs } from "../../kernel/catalog-serve";
import { main } from "../../kernel/cli";
import { bundleWorker } from "../iceberg/concurrency/bundle-worker";

describe("lakelab catalog serve", () => {
  let cli: ReturnType<typeof bundleWorker>;
  let dir: string;
  beforeAll(() => {
    cli = bundleWorker(path.join(__dirname, "../../kernel/cli.ts"));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-serve-"));
  });
  afterAll(() => {
    cli.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts on a free port, serves /v1/config behind its token, and stops cleanly on SIGTERM", async () => {
    const warehouse = path.join(dir, "wh");
    const tokenFile = path.join(dir, "token");
    fs.writeFileSync(tokenFile, "team:correct-horse\n");
    const child = spawn(
      process.execPath,
      [cli.file, "catalog", "serve", "--warehouse", warehouse, "--port", "0", "--token-file", tokenFile],
      { env: cli.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    const output = collect(child);
    const url = await urlOf(child, output);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url.endsWith(":0")).toBe(false);

    const bearer = { authorization: "Bearer team:correct-horse" };
    const config = await fetch(`${url}/v1/config`, { headers: bearer });
    expect(config.status).toBe(200);
    const body = (await config.json()) as { defaults: object; overrides: object; endpoints: string[] };
    expect(body.endpoints).toContain("POST /v1/{prefix}/namespaces/{namespace}/tables/{table}");
    expect((await fetch(`${url}/v1/config`)).status).toBe(401);
    const created = await fetch(`${url}/v1/namespaces`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ namespace: ["team"], properties: {} }),
    });
    expect(created.status).toBe(200);
    expect(fs.existsSync(path.join(warehouse, "catalog.db"))).toBe(true);

    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(0);
    expect(output.stdout).toContain("stopped (SIGTERM)");
    expect(output.stdout + output.stderr).not.toContain("correct-horse");
    await expect(fetch(`${url}/v1/config`, { headers: bearer })).rejects.toThrow();
  });

  it("rejects bad options with exit code 2 before opening anything", async () => {
    expect(await main(["catalog", "serve"])).toBe(2);
    expect(await main(["catalog", "serve", "--warehouse", dir, "--port", "99999"])).toBe(2);
    expect(await main(["catalog", "serve", "--warehouse", dir, "-p", "novalue"])).toBe(2);
    expect(await main(["catalog", "serve", "--warehouse", dir, "--bogus"])).toBe(2);
  });

  it("puts the catalog beside a local warehouse and defaults to ./catalog.db for s3", () => {
    const local = parseCatalogServeArgs(["--warehouse", "wh", "-p", "s3.region=eu", "-p", "a=b=c"]);
    expect(local).toMatchObject({
      catalogDb: path.resolve("wh", "catalog.db"),
      port: 8181,
      host: "127.0.0.1",
      name: "default",
      properties: { "s3.region": "eu", a: "b=c" },
    });
    expect(parseCatalogServeArgs(["--warehouse", "s3://bucket/wh"]).catalogDb).toBe(
      path.resolve("catalog.db"),
    );
    expect(
      parseCatalogServeArgs(["--warehouse=s3://b/w", "--catalog-db", "/x/c.db", "--port=0"]),
    ).toMatchObject({ catalogDb: "/x/c.db", port: 0 });
  });
});

function collect(child: ChildProcess): { stdout: string; stderr: string } {
  const out = { stdout: "", stderr: "" };
  child.stdout!.on("data", (d: Buffer) => {
    out.stdout += d.toString();
  });
  child.stderr!.on("data", (d: Buffer) => {
    out.stderr += d.toString();
  });
  return out;
}

/** The URL the server prints once it listens (or the process's output if it exits first). */
async function urlOf(child: ChildProcess, out: { stdout: string; stderr: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /serving (http:\/\/\S+)/.exec(out.stdout);
      if (m) {
        child.stdout!.off("data", check);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out.stdout}${out.stderr}`)));
  });
}

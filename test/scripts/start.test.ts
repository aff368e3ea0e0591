import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedServer, startServer } from "../../scripts/start";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

describe("npm start", () => {
  let prefix: string;
  let server: StartedServer;
  let base: string;

  beforeAll(async () => {
    prefix = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-start-test-"));
    const port = await freePort();
    server = startServer({ port, prefix });
    base = `http://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 120; attempt++) {
      const up = await get(`${base}/api/status?token=${server.token}`).catch(() => undefined);
      if (up?.status === 200) return;
      if (server.process.exitCode !== null) throw new Error(`Jupyter exited with ${server.process.exitCode}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error("Jupyter did not answer within 60 s");
  });

  afterAll(async () => {
    if (server !== undefined && server.process.exitCode === null) {
      const exited = new Promise((r) => server.process.once("exit", r));
      server.process.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(prefix, { recursive: true, force: true });
  });

  it("serves Jupyter on 127.0.0.1 with the lakelab kernel and the notebooks folder", async () => {
    expect(server.url).toBe(`${base}/?token=${server.token}`);
    const specs = JSON.parse((await get(`${base}/api/kernelspecs?token=${server.token}`)).body);
    expect(specs.kernelspecs.lakelab.spec.display_name).toBe("TypeScript (lakelab)");
    const contents = JSON.parse((await get(`${base}/api/contents?token=${server.token}`)).body);
    expect(contents.content.map((c: { name: string }) => c.name)).toContain("00-smoke.ipynb");
  });

  it("refuses requests without the token, which is not on the command line", async () => {
    expect((await get(`${base}/api/kernelspecs`)).status).toBe(403);
    const cmdline = fs.readFileSync(`/proc/${server.process.pid}/cmdline`, "utf8");
    expect(cmdline).toContain("--ip=127.0.0.1");
    expect(cmdline).not.toContain(server.token);
  });
});

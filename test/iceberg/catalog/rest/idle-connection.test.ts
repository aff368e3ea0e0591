/**
 * A keep-alive connection the server closed while the client was busy (a long synchronous cell):
 * the client must not send its next request, a POST that is never retried, on that dead socket.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestCatalog } from "../../../../src/iceberg/catalog/rest";

/** The catalog stand-in runs in its own process, so it closes idle connections while this one is busy. */
const SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => { body += c; });
  req.on("end", () => {
    res.setHeader("Content-Type", "application/json");
    if (req.method === "GET" && req.url.startsWith("/v1/config")) {
      res.end(JSON.stringify({ defaults: {}, overrides: {} }));
    } else if (req.method === "POST" && req.url === "/v1/namespaces") {
      const ns = JSON.parse(body).namespace;
      console.log("created " + ns.join("."));
      res.end(JSON.stringify({ namespace: ns, properties: {} }));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { message: "no route", type: "NoSuchRouteException", code: 404 } }));
    }
  });
});
server.keepAliveTimeout = 5000; // drops idle connections after 1 s (Node's default is 5 s)
server.listen(0, "127.0.0.1", () => console.log("port " + server.address().port));
`;

let child: ChildProcess;
let uri: string;
const lines: string[] = [];

beforeAll(async () => {
  child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    child.on("error", reject);
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      lines.push(...chunk.split("\n").filter(Boolean));
      const found = lines.find((l) => l.startsWith("port "));
      if (found) resolve(found.slice(5));
    });
  });
  uri = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  child?.kill();
});

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // a synchronous cell: the event loop never sees the server's FIN
  }
}

describe("RestCatalog after the server closed an idle connection", () => {
  it("sends a POST that follows a long synchronous pause on a fresh connection", async () => {
    const catalog = await RestCatalog.connect({ uri });
    busy(7_000);
    await catalog.createNamespace(["first"]);
    await new Promise((r) => setTimeout(r, 100));
    expect(lines.filter((l) => l.startsWith("created "))).toEqual(["created first"]);
  });
});

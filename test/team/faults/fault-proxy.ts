/**
 * An HTTP proxy in front of a real server that injects faults the real server would not give
 * on cue: for each request, `decide` picks whether to forward it untouched, to forward it and
 * then answer something else (the server did the work, the client hears a failure), or to
 * answer without forwarding. `refuse()` stops listening and drops open connections, so new
 * connections are refused (ECONNREFUSED) until `accept()` listens again on the same port.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ProxiedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface FakeAnswer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export type Decision =
  | { readonly kind: "forward" }
  /** Forwards, waits for the real answer, then sends `answer` instead. */
  | { readonly kind: "forward-then"; readonly answer: FakeAnswer }
  /** Answers without forwarding: the real server never hears of the request. */
  | { readonly kind: "answer"; readonly answer: FakeAnswer };

export interface ProxyRecord {
  readonly method: string;
  readonly url: string;
  /** What the real server answered (undefined when the request was not forwarded). */
  readonly upstreamStatus: number | undefined;
  /** What the client got. */
  readonly status: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly records: readonly ProxyRecord[];
  decide: (req: ProxiedRequest) => Decision;
  /** Called once the client has been answered. */
  answered: (req: ProxiedRequest, status: number) => void;
  refuse(): Promise<void>;
  accept(): Promise<void>;
  close(): Promise<void>;
}

// Framing headers: the proxy re-frames the buffered body itself.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

export const FORWARD: Decision = { kind: "forward" };

/** The Iceberg REST error body (`{ error: { message, type, code } }`). */
export function restErrorAnswer(status: number, type: string, message: string): FakeAnswer {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ error: { message, type, code: status } }),
  };
}

/** Starts a proxy to `target` (`http://host:port`) on a free 127.0.0.1 port. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const records: ProxyRecord[] = [];
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    url: "",
    records,
    decide: () => FORWARD,
    answered: () => {},
    refuse: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    accept: () => listen(port),
    close: async () => {
      if (server.listening) await proxy.refuse();
    },
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request: ProxiedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const decision = proxy.decide(request);
      const send = (upstreamStatus: number | undefined, a: FakeAnswer) => {
        records.push({ method: request.method, url: request.url, upstreamStatus, status: a.status });
        res.writeHead(a.status, a.headers ?? {});
        res.end(a.body, () => proxy.answered(request, a.status));
      };
      if (decision.kind === "answer") {
        send(undefined, decision.answer);
        return;
      }
      const out = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (up) => {
          const body: Buffer[] = [];
          up.on("data", (c: Buffer) => body.push(c));
          up.on("end", () => {
            const status = up.statusCode ?? 502;
            if (decision.kind === "forward-then") send(status, decision.answer);
            else {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(up.headers)) {
                if (typeof v === "string" && !HOP_BY_HOP.has(k)) headers[k] = v;
              }
              send(status, { status, headers, body: Buffer.concat(body).toString("utf8") });
            }
          });
        },
      );
      out.on("error", (err) => res.destroy(err));
      out.end(request.body);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(p, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  Object.assign(proxy, { url: `http://127.0.0.1:${port}` });
  return proxy;
}

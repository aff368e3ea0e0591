/**
 * Child process of the team fault tests: a teammate appending to one table through the REST
 * catalog, with S3 settings vended by the catalog. Waits for "go", then appends `count`
 * batches, announcing each ("begin") and confirming it ("done", with how many times that
 * commit lost the race and was retried).
 *
 * With `kill`, it SIGKILLs itself at the `nth` HTTP request (catalog or S3) whose
 * `METHOD host/path` matches `pattern`: "before" any byte of it is sent, or "after" the server
 * answered it (response headers received). Requests are counted, never timed, so where the writer dies is the same on
 * every machine.
 * Run as a bundled CommonJS file (test/iceberg/concurrency/bundle-worker.ts); argv[2] = JSON.
 */
import { subscribe } from "node:diagnostics_channel";
import { ClientRequest } from "node:http";
import { RestCatalog } from "../../../src/iceberg/catalog/rest";
import { IcebergCatalog } from "../../../src/iceberg/table";
import { type WriterArgs, type WriterMessage, writerRows } from "./rest-writer-protocol";

function armKill(kill: NonNullable<WriterArgs["kill"]>): void {
  const pattern = new RegExp(kill.pattern);
  const counted = new WeakSet<ClientRequest>();
  let seen = 0;
  const hit = (r: ClientRequest): boolean => {
    if (counted.has(r)) return false;
    counted.add(r);
    return pattern.test(`${r.method} ${r.host}${r.path}`) && ++seen === kill.nth;
  };
  if (kill.when === "after") {
    subscribe("http.client.response.finish", (message) => {
      if (hit((message as { request: ClientRequest }).request)) process.kill(process.pid, "SIGKILL");
    });
    return;
  }
  // Before the first byte: a request's headers leave with its first write or end. (The
  // http.client.request.start channel fires too late: on a kept-alive socket the request is
  // already flushed by then.)
  const proto = ClientRequest.prototype as unknown as Record<"write" | "end", (...a: unknown[]) => unknown>;
  for (const name of ["write", "end"] as const) {
    const original = proto[name];
    proto[name] = function (this: ClientRequest, ...a: unknown[]) {
      if (hit(this)) process.kill(process.pid, "SIGKILL");
      return original.apply(this, a);
    };
  }
}

async function run(args: WriterArgs): Promise<void> {
  let retries = 0;
  subscribe("lakelab:commit-retry", () => {
    retries++;
  });
  const rest = await RestCatalog.connect({ uri: args.uri, properties: { token: args.token } });
  const catalog = new IcebergCatalog(rest);
  if (args.kill) armKill(args.kill);
  for (let batch = 1; batch <= args.count; batch++) {
    process.send!({ type: "begin", batch } satisfies WriterMessage);
    retries = 0;
    const snapshot = await catalog.writeTo(args.table).append(writerRows(args.writer, batch));
    process.send!({
      type: "done",
      batch,
      snapshotId: snapshot.snapshotId.toString(),
      retries,
    } satisfies WriterMessage);
  }
  rest.close();
}

if (process.send) {
  const args = JSON.parse(process.argv[2]!) as WriterArgs;
  process.on("message", (m: { type: string }) => {
    if (m.type !== "go") return;
    run(args).then(
      () => process.disconnect(),
      (err: { code?: string; message?: string }) => {
        process.send!({ type: "error", code: err.code, message: err.message } satisfies WriterMessage, () =>
          process.exit(1),
        );
      },
    );
  });
  process.send({ type: "ready" } satisfies WriterMessage);
}

// Runs s3rver in its own Node process, started by s3-server.ts with --openssl-legacy-provider:
// s3rver's ListObjectsV2 continuation tokens use DES, which OpenSSL 3 only has in that provider.
// argv: <directory> <bucket>...; prints {"port": n} once listening; exits on SIGTERM.
const S3rver = require("s3rver");

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
server.run().then((address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`));
process.on("SIGTERM", () => server.close().finally(() => process.exit(0)));

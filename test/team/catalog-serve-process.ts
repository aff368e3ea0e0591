/**
 * `lakelab catalog serve` as a user starts it: the built CLI (`node dist/kernel/cli.js`, from
 * `npx tsc -p tsconfig.json`) in its own process, on 127.0.0.1 and a port the OS picks. The URL is
 * read from the line the CLI prints; everything it prints is kept so tests can check it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface CatalogServeOptions {
  readonly warehouse: string;
  readonly catalogDb: string;
  readonly tokenFile: string;
  /** Storage properties, passed as `-p key=value`. */
  readonly properties: Readonly<Record<string, string>>;
  readonly cwd: string;
}

export interface CatalogServeProcess {
  readonly url: string;
  /** stdout and stderr so far, in arrival order. */
  output(): string;
  /** SIGTERM, then resolves with the exit code once the process ended. */
  stop(): Promise<number | null>;
}

export const CLI = path.resolve(__dirname, "../../dist/kernel/cli.js");

/** Starts the CLI and resolves once it printed the URL it serves on. */
export async function startCatalogServe(options: CatalogServeOptions): Promise<CatalogServeProcess> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npx tsc -p tsconfig.json first`);
  const props = Object.entries(options.properties).flatMap(([k, v]) => ["-p", `${k}=${v}`]);
  const args = ["catalog", "serve", "--warehouse", options.warehouse, "--port", "0"];
  args.push("--catalog-db", options.catalogDb, "--token-file", options.tokenFile, ...props);
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (c: Buffer) => {
    text += c.toString();
  });
  child.stderr!.on("data", (c: Buffer) => {
    text += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill); // a dying test runner must not leave the server behind
  const url = await waitForUrl(child, () => text, exited);
  return {
    url,
    output: () => text,
    stop: async () => {
      process.removeListener("exit", kill);
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

async function waitForUrl(
  child: ChildProcess,
  text: () => string,
  exited: Promise<number | null>,
): Promise<string> {
  const found = new Promise<string>((resolve) => {
    const look = () => {
      const m = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(text());
      if (m) resolve(m[1]!);
    };
    child.stdout!.on("data", look);
  });
  const died = exited.then((code) => {
    throw new Error(`lakelab catalog serve exited with ${code} before serving:\n${text()}`);
  });
  return Promise.race([found, died]);
}

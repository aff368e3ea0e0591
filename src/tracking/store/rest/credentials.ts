import { readFileSync } from "node:fs";
import { LakelabError } from "../../../errors";

/**
 * Credentials as MLflow reads them from the environment. Secrets live in private fields, so
 * neither util.inspect, JSON.stringify nor a notebook display ever shows them.
 */
export class RestCredentials {
  readonly #authorization: string | undefined;
  readonly #secrets: readonly string[];
  readonly insecureTls: boolean;
  readonly serverCertPath: string | undefined;
  readonly clientCertPath: string | undefined;

  constructor(options: {
    token?: string;
    username?: string;
    password?: string;
    insecureTls?: boolean;
    serverCertPath?: string;
    clientCertPath?: string;
  }) {
    const { token, username, password } = options;
    if (options.insecureTls === true && options.serverCertPath !== undefined) {
      throw new LakelabError(
        "CONFIG_INVALID",
        "MLFLOW_TRACKING_INSECURE_TLS is 'true' and MLFLOW_TRACKING_SERVER_CERT_PATH is set; set only one of them",
      );
    }
    if (token !== undefined && token !== "") this.#authorization = `Bearer ${token}`;
    else if (username !== undefined && password !== undefined) {
      this.#authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    }
    this.#secrets = [token, password, this.#authorization, this.#authorization?.split(" ")[1]].filter(
      (s): s is string => s !== undefined && s.length >= 4,
    );
    this.insecureTls = options.insecureTls === true;
    this.serverCertPath = options.serverCertPath;
    this.clientCertPath = options.clientCertPath;
  }

  /** MLFLOW_TRACKING_TOKEN (Bearer), else MLFLOW_TRACKING_USERNAME + _PASSWORD (Basic); TLS options. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): RestCredentials {
    const set = (k: string) => (env[k] === undefined || env[k] === "" ? undefined : env[k]);
    return new RestCredentials({
      token: set("MLFLOW_TRACKING_TOKEN"),
      username: set("MLFLOW_TRACKING_USERNAME"),
      password: set("MLFLOW_TRACKING_PASSWORD"),
      insecureTls: (env.MLFLOW_TRACKING_INSECURE_TLS ?? "").toLowerCase() === "true",
      serverCertPath: set("MLFLOW_TRACKING_SERVER_CERT_PATH"),
      clientCertPath: set("MLFLOW_TRACKING_CLIENT_CERT_PATH"),
    });
  }

  headers(): Record<string, string> {
    return this.#authorization === undefined ? {} : { Authorization: this.#authorization };
  }

  /** `text` with every secret replaced by ***. */
  redact(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join("***");
    return out;
  }

  /** TLS options for https.Agent. */
  tlsOptions(): { rejectUnauthorized: boolean; ca?: Buffer; cert?: Buffer; key?: Buffer } {
    return {
      rejectUnauthorized: !this.insecureTls,
      ...(this.serverCertPath !== undefined ? { ca: readFileSync(this.serverCertPath) } : {}),
      ...(this.clientCertPath !== undefined
        ? { cert: readFileSync(this.clientCertPath), key: readFileSync(this.clientCertPath) }
        : {}),
    };
  }

  toJSON(): Record<string, unknown> {
    return {
      authorization: this.#authorization === undefined ? "none" : "***",
      insecureTls: this.insecureTls,
    };
  }
}

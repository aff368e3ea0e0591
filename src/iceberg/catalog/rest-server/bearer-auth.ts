import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { LakelabError } from "../../../errors";

/** Default lifetime of a token issued by the client-credentials exchange. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

/**
 * Bearer-token checks for the catalog server. The shared secret (a token file's content) is a
 * valid bearer token itself; in `id:secret` form it also lets a client exchange
 * `client_id`/`client_secret` for a short-lived token (OAuth2 client credentials). Tokens are
 * compared by hash in constant time and never appear in messages, errors or `inspect` output.
 */
export class BearerAuth {
  readonly #secretHash: Buffer;
  readonly #issued = new Map<string, number>(); // sha256(token) hex → expiry (ms)
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(secret: string, options: { ttlSeconds?: number; now?: () => number } = {}) {
    if (secret.length === 0) {
      throw new LakelabError(
        "INVALID_ARGUMENT",
        "the catalog token is empty; put a token (or id:secret) in the token file",
      );
    }
    this.#secretHash = sha256(secret);
    this.#ttlSeconds = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
    this.#now = options.now ?? Date.now;
  }

  /** Throws UNAUTHENTICATED unless `header` is `Bearer <valid token>`. */
  check(header: string | undefined): void {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    if (!m) {
      throw new LakelabError(
        "UNAUTHENTICATED",
        "this catalog requires an 'Authorization: Bearer <token>' header",
      );
    }
    const hash = sha256(m[1]!);
    if (timingSafeEqual(hash, this.#secretHash)) return;
    const expiry = this.#issued.get(hash.toString("hex"));
    if (expiry !== undefined && expiry > this.#now()) return;
    if (expiry !== undefined) this.#issued.delete(hash.toString("hex"));
    throw new LakelabError(
      "UNAUTHENTICATED",
      "the bearer token is not valid for this catalog (unknown or expired)",
    );
  }

  /** The client-credentials exchange: a fresh token when `id:secret` matches, else undefined. */
  exchange(clientId: string, clientSecret: string): { token: string; expiresIn: number } | undefined {
    if (!timingSafeEqual(sha256(`${clientId}:${clientSecret}`), this.#secretHash)) return undefined;
    const now = this.#now();
    for (const [h, expiry] of this.#issued) if (expiry <= now) this.#issued.delete(h);
    const token = randomBytes(32).toString("base64url");
    this.#issued.set(sha256(token).toString("hex"), now + this.#ttlSeconds * 1000);
    return { token, expiresIn: this.#ttlSeconds };
  }

  toJSON(): string {
    return "BearerAuth(<redacted>)";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "BearerAuth(<redacted>)";
  }
}

function sha256(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}

import { inspect } from "node:util";
import type { JsonValue } from "../../spec/json";
import { parseOAuthTokenResponse } from "./rest-messages.serde";
import type { Secrets } from "./rest-properties";

/** Posts a form to the token endpoint and returns its parsed JSON answer (the HTTP client does this). */
export type TokenPoster = (url: string, form: Record<string, string>) => Promise<JsonValue>;

export interface AuthOptions {
  /** A static bearer token (property `token`). */
  readonly token?: string;
  /** `client_id:client_secret`, or just a secret (property `credential`). */
  readonly credential?: string;
  readonly scope: string;
  /** `oauth2-server-uri`, else `<uri>/v1/oauth/tokens`. */
  readonly tokenUri: string;
  readonly now: () => number;
  readonly secrets: Secrets;
}

/** Longest a token is refreshed ahead of its expiry; short-lived tokens use a tenth of their life. */
const MAX_REFRESH_MARGIN_MS = 60_000;

/**
 * Bearer authentication for the catalog: a static `token`, or OAuth2 client credentials
 * exchanged for a token that is fetched again before `expires_in` runs out and after a 401.
 * The token and secret live in private fields: `util.inspect` and JSON show neither.
 */
export class OAuth2Auth {
  readonly scope: string;
  readonly tokenUri: string;
  #token: string | undefined;
  readonly #clientId: string | undefined;
  readonly #clientSecret: string | undefined;
  #refreshAtMs = Number.POSITIVE_INFINITY;
  readonly #now: () => number;
  readonly #secrets: Secrets;

  constructor(o: AuthOptions) {
    this.scope = o.scope;
    this.tokenUri = o.tokenUri;
    this.#token = o.token;
    this.#now = o.now;
    this.#secrets = o.secrets;
    if (o.credential !== undefined) {
      const colon = o.credential.indexOf(":");
      this.#clientId = colon >= 0 ? o.credential.slice(0, colon) : undefined;
      this.#clientSecret = colon >= 0 ? o.credential.slice(colon + 1) : o.credential;
      this.#refreshAtMs = Number.NEGATIVE_INFINITY; // fetch on first use
    }
    o.secrets.add(o.token, o.credential, this.#clientSecret);
  }

  /** True when a new token can be had (client credentials are configured). */
  get canRefresh(): boolean {
    return this.#clientSecret !== undefined;
  }

  /** The Authorization header value, fetching a token first when there is none or it is about to expire. */
  async authorization(post: TokenPoster): Promise<string | undefined> {
    if (this.canRefresh && this.#now() >= this.#refreshAtMs) await this.refresh(post);
    return this.#token === undefined ? undefined : `Bearer ${this.#token}`;
  }

  /** Exchanges the client credentials for a new token (grant_type client_credentials). */
  async refresh(post: TokenPoster): Promise<void> {
    if (this.#clientSecret === undefined) return;
    const form: Record<string, string> = {
      grant_type: "client_credentials",
      ...(this.#clientId !== undefined ? { client_id: this.#clientId } : {}),
      client_secret: this.#clientSecret,
      scope: this.scope,
    };
    const issuedAt = this.#now();
    const answer = parseOAuthTokenResponse(await post(this.tokenUri, form), `POST ${this.tokenUri}`);
    this.#secrets.add(answer.accessToken);
    this.#token = answer.accessToken;
    if (answer.expiresInSeconds === undefined) {
      this.#refreshAtMs = Number.POSITIVE_INFINITY; // refreshed on a 401 only
    } else {
      const lifeMs = answer.expiresInSeconds * 1000;
      this.#refreshAtMs = issuedAt + lifeMs - Math.min(MAX_REFRESH_MARGIN_MS, lifeMs / 10);
    }
  }

  toJSON(): Record<string, unknown> {
    return {
      scope: this.scope,
      tokenUri: this.tokenUri,
      token: this.#token === undefined ? "none" : "***",
      credential: this.canRefresh ? "***" : "none",
    };
  }

  [inspect.custom](): string {
    return `OAuth2Auth ${inspect(this.toJSON())}`;
  }
}

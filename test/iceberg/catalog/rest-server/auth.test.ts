/**
 * Bearer-token auth: every request but the token exchange needs a valid token; the OAuth2
 * client-credentials exchange issues short-lived ones; pyiceberg authenticates both ways; the
 * secret and issued tokens never show up in the server's log or error messages.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BearerAuth } from "../../../../src/iceberg/catalog/rest-server/bearer-auth";
import { type PythonPeer, pythonPeer, runPeerScript } from "../../../support/python-peers";
import { call, type ServerEnv, servedWarehouse } from "./fixture";
import * as S from "./spec-schemas";

const SECRET = "analyst:hunter2-very-secret";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe("REST catalog server auth", () => {
  let env: ServerEnv;
  beforeAll(async () => {
    env = await servedWarehouse({ token: SECRET });
  });
  afterAll(async () => env?.close());

  it("answers 401 NotAuthorizedException without a token or with a wrong one, 200 with the file's token", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong" },
      { authorization: `Basic ${btoa(SECRET)}` },
    ];
    for (const headers of attempts) {
      const a = await call(env.url, "GET", "/v1/config", { headers });
      expect(a.status).toBe(401);
      expect(S.problems(a.json, S.IcebergErrorResponse)).toEqual([]);
      expect((a.json as { error: { type: string } }).error.type).toBe("NotAuthorizedException");
      expect(a.text).not.toContain("hunter2");
    }
    const denied = await call(env.url, "POST", "/v1/namespaces", { body: { namespace: ["sneaky"] } });
    expect(denied.status).toBe(401);
    expect(await env.catalog.namespaceExists(["sneaky"])).toBe(false);
    expect(
      (await call(env.url, "GET", "/v1/config", { headers: { authorization: `Bearer ${SECRET}` } })).status,
    ).toBe(200);
  });

  it("exchanges client credentials for a bearer token with expires_in (form fields or HTTP Basic)", async () => {
    const [id, secret] = SECRET.split(":") as [string, string];
    const viaForm = await call(env.url, "POST", "/v1/oauth/tokens", {
      body: form({
        grant_type: "client_credentials",
        client_id: id,
        client_secret: secret,
        scope: "catalog",
      }),
      headers: FORM,
    });
    expect(viaForm.status).toBe(200);
    expect(S.problems(viaForm.json, S.OAuthTokenResponse)).toEqual([]);
    const token = viaForm.json as { access_token: string; token_type: string; expires_in: number };
    expect(token).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(token.access_token).not.toContain("hunter2");
    const ok = await call(env.url, "GET", "/v1/namespaces", {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(ok.status).toBe(200);

    const viaBasic = await call(env.url, "POST", "/v1/oauth/tokens", {
      body: form({ grant_type: "client_credentials" }),
      headers: { ...FORM, authorization: `Basic ${btoa(SECRET)}` },
    });
    expect(viaBasic.status).toBe(200);

    const wrong = await call(env.url, "POST", "/v1/oauth/tokens", {
      body: form({ grant_type: "client_credentials", client_id: id, client_secret: "guess" }),
      headers: FORM,
    });
    expect(wrong.status).toBe(401);
    expect(S.problems(wrong.json, S.OAuthError)).toEqual([]);
    expect((wrong.json as { error: string }).error).toBe("invalid_client");
    const grant = await call(env.url, "POST", "/v1/oauth/tokens", {
      body: form({ grant_type: "password", username: id, password: secret }),
      headers: FORM,
    });
    expect({ status: grant.status, error: (grant.json as { error: string }).error }).toEqual({
      status: 400,
      error: "unsupported_grant_type",
    });
    expect(env.log.join("\n")).not.toMatch(/hunter2|Bearer/);
    expect(env.log.join("\n")).not.toContain(token.access_token);
  });

  it("keeps the secret out of inspect and JSON output", () => {
    const auth = new BearerAuth(SECRET);
    expect(`${inspect(auth, { showHidden: true, depth: 5 })} ${JSON.stringify({ auth })}`).not.toContain(
      "hunter2",
    );
  });

  it("rejects an exchanged token once it has expired", async () => {
    const shortLived = await servedWarehouse({ token: SECRET, tokenTtlSeconds: 0 });
    try {
      const [id, secret] = SECRET.split(":") as [string, string];
      const issued = await call(shortLived.url, "POST", "/v1/oauth/tokens", {
        body: form({ grant_type: "client_credentials", client_id: id, client_secret: secret }),
        headers: FORM,
      });
      const token = (issued.json as { access_token: string; expires_in: number }).access_token;
      expect((issued.json as { expires_in: number }).expires_in).toBe(0);
      const a = await call(shortLived.url, "GET", "/v1/config", {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(a.status).toBe(401);
      expect((a.json as { error: { message: string } }).error.message).toMatch(/expired/);
    } finally {
      await shortLived.close();
    }
  });

  describe("with pyiceberg", () => {
    let peer: PythonPeer;
    beforeAll(async () => {
      peer = await pythonPeer("pyiceberg");
    });

    it("authenticates with the token or through the credential exchange, and raises UnauthorizedError otherwise", async () => {
      const script = `
import json, sys, warnings
warnings.simplefilter("ignore")
from pyiceberg.catalog.rest import RestCatalog
inp = json.load(sys.stdin)
out = {}
def attempt(**props):
    try:
        cat = RestCatalog("lake", uri=inp["uri"], **props)
        cat.create_namespace(props.get("ns", "x"))
        return [list(n) for n in cat.list_namespaces()]
    except Exception as e:
        return type(e).__name__
out["token"] = attempt(token=inp["secret"], ns="by_token")
out["credential"] = attempt(credential=inp["secret"], ns="by_credential")
out["wrongToken"] = attempt(token="nope")
out["wrongCredential"] = attempt(credential="analyst:nope")
print(json.dumps(out))
`;
      const out = await runPeerScript<Record<string, unknown>>(peer, script, {
        uri: env.url,
        secret: SECRET,
      });
      expect(out.token).toEqual([["by_token"]]);
      expect(out.credential).toEqual([["by_credential"], ["by_token"]]);
      expect(out.wrongToken).toBe("UnauthorizedError");
      expect(out.wrongCredential).toBe("OAuthError");
      expect(env.log).toContain("POST /v1/oauth/tokens 200");
    });
  });
});

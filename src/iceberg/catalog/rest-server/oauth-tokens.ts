import type { BearerAuth } from "./bearer-auth";
import { oauthErrorJson, tokenJson } from "./rest-responses.serde";
import type { RestResponse } from "./rest-route";

/**
 * `POST /v1/oauth/tokens` with the client-credentials grant: credentials come as form fields
 * (`client_id`, `client_secret`, as pyiceberg sends them) or as HTTP Basic. Failures answer the
 * spec's OAuthError shape (`{ error, error_description }`), never echoing what was sent.
 */
export function handleTokenRequest(
  auth: BearerAuth,
  body: string,
  authorization: string | undefined,
): RestResponse & { contentType?: string } {
  const form = new URLSearchParams(body);
  if (form.get("grant_type") !== "client_credentials") {
    return {
      status: 400,
      body: oauthErrorJson("unsupported_grant_type", "only the client_credentials grant is supported"),
    };
  }
  let id = form.get("client_id") ?? "";
  let secret = form.get("client_secret");
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (secret === null && basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    id = colon < 0 ? "" : decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(colon < 0 ? decoded : decoded.slice(colon + 1));
  }
  const issued = secret === null ? undefined : auth.exchange(id, secret);
  if (!issued) {
    return { status: 401, body: oauthErrorJson("invalid_client", "the client credentials are not valid") };
  }
  return { status: 200, body: tokenJson(issued.token, issued.expiresIn), contentType: "application/json" };
}

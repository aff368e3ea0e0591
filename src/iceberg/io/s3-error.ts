/**
 * SDK failures → LakelabError. Messages name the location, bucket and endpoint, never a key;
 * the cause is a plain copy of the SDK error's name, code and status, not the SDK object (which
 * carries the request and its signing context).
 */
import { LakelabError } from "../../errors";
import type { S3Location } from "./s3-location";

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { headers?: Record<string, string> };
  errors?: SdkError[];
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EAI_AGAIN",
]);
const DENIED = new Set(["AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "Forbidden", "403"]);
const WRONG_REGION = new Set(["PermanentRedirect", "AuthorizationHeaderMalformed", "301"]);

/** `http://user:pw@host:9000/` → `http://host:9000`: endpoints appear in messages without userinfo. */
export function displayEndpoint(endpoint: string | undefined): string {
  if (!endpoint) return "AWS S3";
  try {
    const u = new URL(endpoint);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(unparseable endpoint)";
  }
}

function networkCode(e: SdkError): string | undefined {
  if (e.code && UNREACHABLE.has(e.code)) return e.code;
  if (e.name === "TimeoutError") return "ETIMEDOUT";
  for (const inner of e.errors ?? []) if (inner.code && UNREACHABLE.has(inner.code)) return inner.code;
  return undefined;
}

function plainCause(e: SdkError): Error {
  const status = e.$metadata?.httpStatusCode;
  const cause = new Error(`${e.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}: ${e.message ?? ""}`);
  Object.assign(cause, { code: e.code ?? e.Code ?? e.name, status });
  return cause;
}

/** Maps an SDK failure of `operation` on `loc` to a typed error. */
export function s3Error(
  err: unknown,
  operation: string,
  location: string,
  loc: S3Location,
  settings: { endpoint?: string; region: string },
): LakelabError {
  if (err instanceof LakelabError) return err;
  const e = (err ?? {}) as SdkError;
  const endpoint = displayEndpoint(settings.endpoint);
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? "";
  const context = { location, bucket: loc.bucket, endpoint, operation };
  const cause = plainCause(e);
  const net = networkCode(e);
  if (net) {
    return new LakelabError(
      "STORAGE_UNREACHABLE",
      `cannot reach the S3 endpoint ${endpoint} (${net}) to ${operation} ${location}`,
      {
        context: { ...context, reason: net },
        cause,
      },
    );
  }
  if (name === "NoSuchBucket") {
    return new LakelabError("BUCKET_NOT_FOUND", `bucket '${loc.bucket}' does not exist at ${endpoint}`, {
      context,
      cause,
    });
  }
  if (status === 404 || name === "NoSuchKey" || name === "NotFound") {
    return new LakelabError("FILE_NOT_FOUND", `file not found: ${location}`, { context, cause });
  }
  if (WRONG_REGION.has(name) || status === 301) {
    const actual = e.$response?.headers?.["x-amz-bucket-region"];
    return new LakelabError(
      "CONFIG_INVALID",
      `bucket '${loc.bucket}' is not in region '${settings.region}'${actual ? ` but in '${actual}'` : ""}: set s3.region${actual ? ` to '${actual}'` : ""}`,
      {
        context: { ...context, region: settings.region, ...(actual ? { bucketRegion: actual } : {}) },
        cause,
      },
    );
  }
  if (status === 403 || DENIED.has(name)) {
    return new LakelabError(
      "PERMISSION_DENIED",
      `access denied to ${location} at ${endpoint} (${name || "HTTP 403"}) while trying to ${operation}: check s3.access-key-id / s3.secret-access-key and the bucket's policy`,
      { context, cause },
    );
  }
  const retryable = status === 503 || status === 500 || name === "SlowDown";
  return new LakelabError(
    "STORAGE_ERROR",
    `S3 ${operation} of ${location} at ${endpoint} failed: ${name || "error"}${status ? ` (HTTP ${status})` : ""}`,
    { context: { ...context, ...(status ? { status } : {}) }, cause, retryable },
  );
}

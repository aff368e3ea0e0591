import { isLakelabError, LakelabError, type LakelabErrorCode } from "../../../errors";

/** The spec's `ErrorModel` (open-api "IcebergErrorResponse"): what every failed request answers. */
export interface RestErrorBody {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/**
 * LakelabError codes → the HTTP status and exception type the REST spec names. `operation`
 * decides between the spec's alternatives: a 409 on a commit is CommitFailedException, on a
 * create it is AlreadyExistsException.
 */
const BY_CODE: Partial<Record<LakelabErrorCode, readonly [number, string]>> = {
  BAD_REQUEST: [400, "BadRequestException"],
  INVALID_ARGUMENT: [400, "BadRequestException"],
  INVALID_PARAMETER_VALUE: [400, "BadRequestException"],
  INVALID_IDENTIFIER: [400, "BadRequestException"],
  METADATA_CORRUPT: [400, "BadRequestException"],
  UNSUPPORTED_FEATURE: [400, "BadRequestException"],
  SCHEMA_MISMATCH: [400, "BadRequestException"],
  UNAUTHENTICATED: [401, "NotAuthorizedException"],
  PERMISSION_DENIED: [403, "ForbiddenException"],
  ENDPOINT_NOT_FOUND: [404, "NoSuchEndpointException"],
  NAMESPACE_NOT_FOUND: [404, "NoSuchNamespaceException"],
  TABLE_NOT_FOUND: [404, "NoSuchTableException"],
  NAMESPACE_ALREADY_EXISTS: [409, "AlreadyExistsException"],
  TABLE_ALREADY_EXISTS: [409, "AlreadyExistsException"],
  NAMESPACE_NOT_EMPTY: [409, "NamespaceNotEmptyException"],
  COMMIT_CONFLICT: [409, "CommitFailedException"],
  NOT_SUPPORTED: [406, "UnsupportedOperationException"],
  COMMIT_STATE_UNKNOWN: [500, "CommitStateUnknownException"],
};

/** What an error becomes on the wire; anything unexpected is a 500 without its internals. */
export function toRestError(err: unknown): RestErrorBody {
  if (isLakelabError(err)) {
    const hit = BY_CODE[err.code];
    if (hit) return { status: hit[0], type: hit[1], message: err.message };
    return { status: 500, type: "ServerErrorException", message: err.message };
  }
  return { status: 500, type: "ServerErrorException", message: "internal server error" };
}

export function restErrorJson(e: RestErrorBody): string {
  return JSON.stringify({ error: { message: e.message, type: e.type, code: e.status } });
}

export function badRequest(message: string, context: Record<string, unknown> = {}): LakelabError {
  return new LakelabError("BAD_REQUEST", message, { context });
}

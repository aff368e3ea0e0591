import { LakelabError, type LakelabErrorCode } from "../../../errors";
import type { ErrorModel } from "./rest-messages.serde";

/** How one operation reads statuses whose meaning depends on it (pyiceberg's per-call error handlers). */
export interface ErrorMeaning {
  /** 404 without a telling `type`. */
  readonly notFound?: LakelabErrorCode;
  /** 409 Conflict. */
  readonly conflict?: LakelabErrorCode;
  /** A commit: 409 is a retryable COMMIT_CONFLICT and any 5xx leaves the outcome unknown. */
  readonly commit?: boolean;
}

const BY_TYPE: Readonly<Record<string, LakelabErrorCode>> = {
  NoSuchNamespaceException: "NAMESPACE_NOT_FOUND",
  NoSuchTableException: "TABLE_NOT_FOUND",
  NamespaceNotEmptyException: "NAMESPACE_NOT_EMPTY",
  CommitStateUnknownException: "COMMIT_STATE_UNKNOWN",
};

/** The LakelabError code for an HTTP status and the error body's `type`. */
export function codeFor(status: number, type: string | undefined, meaning: ErrorMeaning): LakelabErrorCode {
  if (meaning.commit && status >= 500) return "COMMIT_STATE_UNKNOWN";
  if (meaning.commit && status === 409) return "COMMIT_CONFLICT";
  const typed = type === undefined ? undefined : BY_TYPE[type];
  if (typed !== undefined && (status === 404 || status === 409)) return typed;
  switch (status) {
    case 400:
      return "BAD_REQUEST";
    case 401:
    case 419:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return meaning.notFound ?? "RESOURCE_DOES_NOT_EXIST";
    case 406:
    case 501:
      return "NOT_SUPPORTED";
    case 409:
      return meaning.conflict ?? "RESOURCE_ALREADY_EXISTS";
    case 422:
      return "INVALID_PARAMETER_VALUE";
    case 429:
      return "REQUEST_LIMIT_EXCEEDED";
    case 503:
      return "TEMPORARILY_UNAVAILABLE";
    default:
      return status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
  }
}

const HINT: Partial<Record<LakelabErrorCode, string>> = {
  UNAUTHENTICATED: "check the catalog's 'credential' or 'token' property",
  PERMISSION_DENIED: "the catalog's principal lacks a privilege for this",
  COMMIT_STATE_UNKNOWN:
    "the commit may or may not have happened; reload the table before retrying (its new files were kept)",
  COMMIT_CONFLICT: "another writer committed first; reload and retry",
};

/**
 * A LakelabError carrying the catalog's own words (`{ error: { message, type, code } }`).
 * `redact` scrubs secrets; the message names the request, never its headers.
 */
export function restError(
  status: number,
  model: ErrorModel | undefined,
  rawText: string,
  request: string,
  catalog: string,
  meaning: ErrorMeaning,
  redact: (s: string) => string,
): LakelabError {
  const code = codeFor(status, model?.type || undefined, meaning);
  const said = model
    ? `${model.type || "error"}: ${model.message}`
    : rawText
        .replace(/<[^>]*>/g, " ")
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, 300) || "(empty body)";
  const hint = HINT[code];
  const message = redact(
    `${request} answered HTTP ${status} from the Iceberg REST catalog ${catalog}: ${said}${hint ? `; ${hint}` : ""}`,
  );
  return new LakelabError(code, message, {
    retryable: code === "COMMIT_CONFLICT",
    context: {
      httpStatus: status,
      request,
      catalog,
      ...(model?.type ? { errorType: model.type } : {}),
    },
  });
}

import { LakelabError, type LakelabErrorCode } from "../errors";

/**
 * The one table from MLflow's error codes (databricks_pb2.ErrorCode names, as sent in
 * `{error_code, message}` bodies) to lakelab's codes. MLflow's tracking codes are kept
 * verbatim; the others fold into the nearest one.
 */
const MLFLOW_TO_LAKELAB: Readonly<Record<string, LakelabErrorCode>> = {
  INVALID_PARAMETER_VALUE: "INVALID_PARAMETER_VALUE",
  RESOURCE_DOES_NOT_EXIST: "RESOURCE_DOES_NOT_EXIST",
  RESOURCE_ALREADY_EXISTS: "RESOURCE_ALREADY_EXISTS",
  INVALID_STATE: "INVALID_STATE",
  BAD_REQUEST: "BAD_REQUEST",
  MALFORMED_REQUEST: "BAD_REQUEST",
  PERMISSION_DENIED: "PERMISSION_DENIED",
  CUSTOMER_UNAUTHORIZED: "PERMISSION_DENIED",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  TEMPORARILY_UNAVAILABLE: "TEMPORARILY_UNAVAILABLE",
  REQUEST_LIMIT_EXCEEDED: "REQUEST_LIMIT_EXCEEDED",
  RESOURCE_EXHAUSTED: "REQUEST_LIMIT_EXCEEDED",
  INTERNAL_ERROR: "INTERNAL_ERROR",
  IO_ERROR: "INTERNAL_ERROR",
  ENDPOINT_NOT_FOUND: "ENDPOINT_NOT_FOUND",
  NOT_FOUND: "RESOURCE_DOES_NOT_EXIST",
  ALREADY_EXISTS: "RESOURCE_ALREADY_EXISTS",
  FEATURE_DISABLED: "NOT_SUPPORTED",
  NOT_IMPLEMENTED: "NOT_SUPPORTED",
};

/** When a response carries no MLflow error body (an HTML 404, a proxy's 502), its HTTP status decides. */
const HTTP_STATUS_TO_LAKELAB: Readonly<Record<number, LakelabErrorCode>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "ENDPOINT_NOT_FOUND",
  408: "TEMPORARILY_UNAVAILABLE",
  409: "RESOURCE_ALREADY_EXISTS",
  429: "REQUEST_LIMIT_EXCEEDED",
  502: "TEMPORARILY_UNAVAILABLE",
  503: "TEMPORARILY_UNAVAILABLE",
  504: "TEMPORARILY_UNAVAILABLE",
};

/** The HTTP status MLflow's server answers with for a code (used by stand-in servers and messages). */
export const MLFLOW_CODE_HTTP_STATUS: Readonly<Record<string, number>> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  BAD_REQUEST: 400,
  INVALID_STATE: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  REQUEST_LIMIT_EXCEEDED: 429,
  TEMPORARILY_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

/** lakelab's code for an MLflow error code, or for a bare HTTP status when there is no code. */
export function lakelabCodeFor(mlflowCode: string | undefined, httpStatus?: number): LakelabErrorCode {
  if (mlflowCode !== undefined && MLFLOW_TO_LAKELAB[mlflowCode] !== undefined)
    return MLFLOW_TO_LAKELAB[mlflowCode];
  if (httpStatus !== undefined) {
    const byStatus = HTTP_STATUS_TO_LAKELAB[httpStatus];
    if (byStatus !== undefined) return byStatus;
    if (httpStatus >= 500) return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

/** The error MLflow itself would raise: its code, its message, the context naming what is wrong. */
export function mlflowError(
  mlflowCode: string,
  message: string,
  context: Readonly<Record<string, unknown>> = {},
): LakelabError {
  return new LakelabError(lakelabCodeFor(mlflowCode), message, {
    context: { mlflowErrorCode: mlflowCode, ...context },
  });
}

export function invalidParameter(
  message: string,
  context: Readonly<Record<string, unknown>> = {},
): LakelabError {
  return mlflowError("INVALID_PARAMETER_VALUE", message, context);
}

export function doesNotExist(message: string, context: Readonly<Record<string, unknown>> = {}): LakelabError {
  return mlflowError("RESOURCE_DOES_NOT_EXIST", message, context);
}

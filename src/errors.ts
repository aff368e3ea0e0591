/**
 * The one error class of the package. Every failure a user can cause or meet carries a
 * stable string code, a context object naming the thing that is wrong, and a retryable flag.
 */
export type LakelabErrorCode =
  // general
  | "INVALID_ARGUMENT"
  | "INVALID_PARAMETER_VALUE"
  | "NOT_SUPPORTED"
  | "INTERNAL"
  // environment
  | "JUPYTER_NOT_FOUND"
  | "JUPYTER_COMMAND_FAILED"
  | "NOTEBOOK_EXECUTION_FAILED"
  | "DEPENDENCY_MISSING"
  | "CONFIG_INVALID"
  | "CONNECTION_NOT_FOUND"
  // iceberg catalog
  | "INVALID_IDENTIFIER"
  | "NAMESPACE_NOT_FOUND"
  | "NAMESPACE_ALREADY_EXISTS"
  | "NAMESPACE_NOT_EMPTY"
  | "TABLE_NOT_FOUND"
  | "TABLE_ALREADY_EXISTS"
  | "COMMIT_CONFLICT"
  | "COMMIT_STATE_UNKNOWN"
  // iceberg data
  | "SCHEMA_MISMATCH"
  | "NULL_IN_REQUIRED_COLUMN"
  | "SNAPSHOT_NOT_FOUND"
  | "REF_NOT_FOUND"
  | "REF_ALREADY_EXISTS"
  | "METADATA_CORRUPT"
  | "FILE_NOT_FOUND"
  | "FILE_CORRUPT"
  | "UNSUPPORTED_FEATURE"
  | "LOCATION_MISMATCH"
  // storage (S3)
  | "BUCKET_NOT_FOUND"
  | "STORAGE_UNREACHABLE"
  | "STORAGE_ERROR"
  // ml
  | "COLUMN_NOT_FOUND"
  | "INVALID_LABEL"
  | "FEATURE_SIZE_MISMATCH"
  // mlflow (MLflow's own codes, kept verbatim)
  | "RESOURCE_DOES_NOT_EXIST"
  | "RESOURCE_ALREADY_EXISTS"
  | "INVALID_STATE"
  | "BAD_REQUEST"
  | "PERMISSION_DENIED"
  | "UNAUTHENTICATED"
  | "TEMPORARILY_UNAVAILABLE"
  | "REQUEST_LIMIT_EXCEEDED"
  | "INTERNAL_ERROR"
  | "ENDPOINT_NOT_FOUND"
  | "TRACKING_SERVER_UNREACHABLE"
  // lineage
  | "LINEAGE_MISSING"
  | "LINEAGE_MISMATCH";

export interface LakelabErrorOptions {
  readonly context?: Readonly<Record<string, unknown>>;
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

export class LakelabError extends Error {
  override readonly name = "LakelabError";
  readonly code: LakelabErrorCode;
  readonly context: Readonly<Record<string, unknown>>;
  readonly retryable: boolean;

  constructor(code: LakelabErrorCode, message: string, options: LakelabErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.context = options.context ?? {};
    this.retryable = options.retryable ?? false;
  }
}

/** True when `err` is a LakelabError, optionally with one of the given codes. */
export function isLakelabError(err: unknown, ...codes: LakelabErrorCode[]): err is LakelabError {
  return err instanceof LakelabError && (codes.length === 0 || codes.includes(err.code));
}

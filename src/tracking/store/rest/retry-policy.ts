/** How the REST client retries: MLflow's defaults and environment variables. */
export interface RetryPolicy {
  /** Retries after the first attempt (MLFLOW_HTTP_REQUEST_MAX_RETRIES, default 7). */
  readonly maxRetries: number;
  /** Seconds: the n-th retry waits factor · 2^n (MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR, default 2). */
  readonly backoffFactor: number;
  /** Seconds of random jitter added to each wait (MLFLOW_HTTP_REQUEST_BACKOFF_JITTER, default 1). */
  readonly backoffJitter: number;
  /** Upper bound of one wait, seconds. */
  readonly backoffMax: number;
  /** Per-request timeout, seconds (MLFLOW_HTTP_REQUEST_TIMEOUT, default 120). */
  readonly timeoutSeconds: number;
}

export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const n = (k: string, d: number) => {
    const v = Number(env[k]);
    return env[k] === undefined || env[k] === "" || !Number.isFinite(v) || v < 0 ? d : v;
  };
  return {
    maxRetries: Math.floor(n("MLFLOW_HTTP_REQUEST_MAX_RETRIES", 7)),
    backoffFactor: n("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", 2),
    backoffJitter: n("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", 1),
    backoffMax: 120,
    timeoutSeconds: n("MLFLOW_HTTP_REQUEST_TIMEOUT", 120),
  };
}

/** Statuses worth another try: timeouts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Milliseconds before retry number `retry` (0-based); a Retry-After header in seconds wins, bounded. */
export function backoffMs(
  policy: RetryPolicy,
  retry: number,
  retryAfter?: string,
  random: () => number = Math.random,
): number {
  const after = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(after) && after >= 0) return Math.min(after, policy.backoffMax) * 1000;
  const base = Math.min(policy.backoffFactor * 2 ** retry, policy.backoffMax);
  return (base + random() * policy.backoffJitter) * 1000;
}

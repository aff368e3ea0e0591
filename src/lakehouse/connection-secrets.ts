import { redactUri } from "../notebook/short-location";
import type { Properties } from "./connection-config";

/** Property keys whose values are secrets: never shown, whatever the connection's source. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase();
  return (
    k === "credential" ||
    k === "token" ||
    /secret|password|session-token|private-key/.test(k) ||
    k === "header.authorization" ||
    (k.startsWith("header.") && /auth|token|key/.test(k))
  );
}

/** `key=value` pairs safe to print: secret values as `***`, credentials inside URIs masked. */
export function maskedProperties(p: Properties): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${isSecretKey(k) ? "***" : redactUri(v)}`)
    .join(", ");
}

/** Properties with secret values replaced by `***`, for objects a user may print. */
export function maskProperties(p: Properties): Properties {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, isSecretKey(k) ? "***" : redactUri(v)]));
}

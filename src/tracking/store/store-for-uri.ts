import { normalizeTrackingUri } from "../tracking-uri";
import { FileStore } from "./file/file-store";
import type { HttpClientOptions } from "./rest/http-client";
import { RestStore } from "./rest/rest-store";
import type { TrackingStore } from "./tracking-store";

/** The store a tracking URI names: `file:` → FileStore, `http(s):` → RestStore. */
export function storeForUri(uri: string, http: HttpClientOptions = {}): TrackingStore {
  const normalized = normalizeTrackingUri(uri);
  return normalized.startsWith("file:") ? new FileStore(normalized) : new RestStore(normalized, http);
}

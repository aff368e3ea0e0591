import type { FileIO } from "../../io/file-io";
import { fileIOFor } from "../../io/file-io-for";
import type { LoadTableResult } from "./rest-messages.serde";
import { type Properties, storageProperties } from "./rest-properties";

/**
 * The storage properties of one table: the connection's, then the load result's `config`, then
 * the `storage-credentials` entry whose prefix is the longest match for the table location (the
 * spec: clients check storage-credentials before config).
 */
export function tableStorageProperties(
  connection: Properties,
  result: LoadTableResult,
): Record<string, string> {
  const location = result.metadata.location;
  const best = result.storageCredentials
    .filter((c) => location.startsWith(c.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return {
    ...storageProperties(connection),
    ...storageProperties(result.config),
    ...storageProperties(best?.config ?? {}),
  };
}

/** A FileIO for the table of a load result (vended credentials included). */
export function tableFileIO(connection: Properties, result: LoadTableResult): FileIO {
  return fileIOFor(tableStorageProperties(connection, result));
}

/** A FileIO that asks `current()` on every call, so it follows a table's credentials as they are re-vended. */
export function followingFileIO(current: () => FileIO): FileIO {
  return {
    read: (l) => current().read(l),
    readRange: (l, offset, length) => current().readRange(l, offset, length),
    size: (l) => current().size(l),
    write: (l, d, o) => current().write(l, d, o),
    exists: (l) => current().exists(l),
    delete: (l) => current().delete(l),
    list: (p) => current().list(p),
  };
}

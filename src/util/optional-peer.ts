import { LakelabError } from "../errors";

/** An optional peer dependency: what it is for and how a user installs it. */
export interface OptionalPeer {
  readonly name: string;
  /** What needs it, for the message: "toDataFrame". */
  readonly neededBy: string;
  /** The exact command (and any package.json entry it needs) that makes it load. */
  readonly install: string;
}

/**
 * `require(peer.name)`, or DEPENDENCY_MISSING naming the command that installs it. lakelab keeps
 * danfojs and the spam corpus as optional peers (TensorFlow.js and 92 MB of mail would otherwise
 * come with every install), so they load only when first asked for.
 */
export function requireOptionalPeer<T>(peer: OptionalPeer, load: (name: string) => unknown = require): T {
  try {
    return load(peer.name) as T;
  } catch (err) {
    if ((err as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw err;
    const missing = /Cannot find module '([^']+)'/.exec(String((err as Error).message))?.[1] ?? peer.name;
    const what = missing === peer.name ? peer.name : `${missing} (needed by ${peer.name})`;
    throw new LakelabError(
      "DEPENDENCY_MISSING",
      `${peer.neededBy} needs ${what}, an optional dependency of lakelab that is not installed; ${peer.install}`,
      { context: { dependency: peer.name, missing } },
    );
  }
}

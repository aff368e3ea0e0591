import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The directories a location may be shown relative to; defaults are the process's. */
export interface LocationBase {
  readonly cwd?: string;
  readonly home?: string;
}

/**
 * A location as it may appear in notebook output: relative to the working directory
 * (`./warehouse/default/training/...`), or to the home directory (`~/...`), otherwise
 * `file://…/` plus its last three segments. Credentials in URIs become `***`.
 */
export function shortLocation(location: string, base: LocationBase = {}): string {
  const cwd = base.cwd ?? process.cwd();
  const home = base.home ?? os.homedir();
  const local = localPathOf(location);
  if (local === undefined) return redactUri(location);
  const under = (root: string) => {
    const rel = path.relative(root, local);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel)) ? rel : undefined;
  };
  const inCwd = under(cwd);
  if (inCwd !== undefined) return inCwd === "" ? "." : `./${inCwd.split(path.sep).join("/")}`;
  const inHome = under(home);
  if (inHome !== undefined && home !== path.parse(home).root) return `~/${inHome.split(path.sep).join("/")}`;
  const tail = local.split(path.sep).filter(Boolean).slice(-3).join("/");
  return `file://…/${tail}`;
}

/** Replaces the user-info part of a URI (`https://user:token@host`) with `***`. */
export function redactUri(uri: string): string {
  return uri.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/@\s]*@/, "$1***@");
}

/** Replaces every absolute local path or file URI under `cwd`/home found in free text. */
export function shortLocationsIn(text: string, base: LocationBase = {}): string {
  return text.replace(/file:\/\/\/[^\s"'<>,)]+|(?<![\w.~])\/(?:[\w.@+-]+\/)+[\w.@+-]*/g, (m) =>
    shortLocation(m, base),
  );
}

function localPathOf(location: string): string | undefined {
  if (location.startsWith("file:")) {
    try {
      return fileURLToPath(location.startsWith("file:///") ? location : `file://${location.slice(5)}`);
    } catch {
      return undefined;
    }
  }
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location) && !/^[a-zA-Z]:[\\/]/.test(location)) return undefined;
  return path.resolve(location);
}

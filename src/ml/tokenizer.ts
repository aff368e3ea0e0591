import { Frame, type MlData } from "./frame";
import { toOutput } from "./frame-output";
import { checkColumnName } from "./params";
import { makeUid, type StageDocument, type Transformer } from "./stage";
import { readTextColumn } from "./text-column";

export interface TokenizerParams {
  readonly inputCol: string;
  readonly outputCol: string;
}

/**
 * Spark's Tokenizer: lowercase, then split on Java's `\s` (ASCII whitespace only). Leading and
 * inner empty tokens are kept, trailing ones dropped; `""` → `[""]`, `" "` → `[]`.
 * @example new Tokenizer({ inputCol: "text", outputCol: "words" }).transform(rows)
 */
export class Tokenizer implements Transformer {
  readonly uid: string;
  readonly inputCol: string;
  readonly outputCol: string;

  constructor(params: TokenizerParams, uid = makeUid("Tokenizer")) {
    this.inputCol = checkColumnName("inputCol", params.inputCol);
    this.outputCol = checkColumnName("outputCol", params.outputCol);
    this.uid = uid;
  }

  transform(data: MlData): MlData {
    return toOutput(this.transformFrame(Frame.of(data)));
  }

  transformFrame(frame: Frame): Frame {
    const texts = readTextColumn(frame, this.inputCol, "inputCol");
    return frame.withColumn(this.outputCol, texts.map(sparkTokenize));
  }

  toJSON(): StageDocument {
    return {
      class: "Tokenizer",
      uid: this.uid,
      params: { inputCol: this.inputCol, outputCol: this.outputCol },
    };
  }
}

/** One text as Spark's Tokenizer splits it (`text.toLowerCase().split("\\s")` in Java). */
export function sparkTokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const tokens: string[] = [];
  let start = 0;
  let matched = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) {
      tokens.push(lower.slice(start, i));
      start = i + 1;
      matched = true;
    }
  }
  if (!matched) return [lower];
  tokens.push(lower.slice(start));
  let end = tokens.length;
  while (end > 0 && tokens[end - 1] === "") end--;
  tokens.length = end;
  return tokens;
}

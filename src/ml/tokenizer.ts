import { Frame, type MlData } from "./frame";
import { toOutput } from "./frame-output";
import { checkColumnName } from "./params";
import { makeUid, type StageDocument, type Transformer } from "./stage";
import { readTextColumn } from "./text-column";
import { TokenColumn } from "./token-column";

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
    // token arrays are built only if a stage other than HashingTF (or the output) reads them
    return frame.withColumn(this.outputCol, new TokenColumn(texts));
  }

  toJSON(): StageDocument {
    return {
      class: "Tokenizer",
      uid: this.uid,
      params: { inputCol: this.inputCol, outputCol: this.outputCol },
    };
  }
}

export { sparkTokenize } from "./spark-tokenize";

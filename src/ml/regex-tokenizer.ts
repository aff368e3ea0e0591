import { LakelabError } from "../errors";
import { Frame, type MlData } from "./frame";
import { toOutput } from "./frame-output";
import { checkColumnName, checkInteger, checkParam } from "./params";
import { makeUid, type StageDocument, type Transformer } from "./stage";
import { readTextColumn } from "./text-column";

export interface RegexTokenizerParams {
  readonly inputCol: string;
  readonly outputCol: string;
  /** Regular expression (JavaScript syntax); default `"\\s+"` as Spark. */
  readonly pattern?: string;
  /** true: the pattern matches gaps between tokens; false: it matches the tokens. Default true. */
  readonly gaps?: boolean;
  /** Drop tokens shorter than this (UTF-16 code units, as Java's String.length). Default 1. */
  readonly minTokenLength?: number;
  /** Lowercase before tokenizing. Default true. */
  readonly toLowercase?: boolean;
}

/**
 * Spark's RegexTokenizer with Spark's defaults. Splitting drops trailing empty strings as Java's
 * `Pattern.split` does; the pattern is a JavaScript regular expression.
 * @example new RegexTokenizer({ inputCol: "text", outputCol: "words", pattern: "\\W" })
 */
export class RegexTokenizer implements Transformer {
  readonly uid: string;
  readonly inputCol: string;
  readonly outputCol: string;
  readonly pattern: string;
  readonly gaps: boolean;
  readonly minTokenLength: number;
  readonly toLowercase: boolean;
  private readonly regex: RegExp;

  constructor(params: RegexTokenizerParams, uid = makeUid("RegexTokenizer")) {
    this.inputCol = checkColumnName("inputCol", params.inputCol);
    this.outputCol = checkColumnName("outputCol", params.outputCol);
    this.pattern = params.pattern ?? "\\s+";
    this.gaps = params.gaps ?? true;
    this.minTokenLength = checkInteger("minTokenLength", params.minTokenLength ?? 1, 0);
    this.toLowercase = params.toLowercase ?? true;
    checkParam(typeof this.pattern === "string", "pattern", this.pattern, "a string");
    try {
      this.regex = new RegExp(this.pattern, "gu");
    } catch (cause) {
      throw new LakelabError(
        "INVALID_PARAMETER_VALUE",
        `pattern '${this.pattern}' is not a valid regular expression`,
        { context: { param: "pattern" }, cause },
      );
    }
    this.uid = uid;
  }

  transform(data: MlData): MlData {
    return toOutput(this.transformFrame(Frame.of(data)));
  }

  transformFrame(frame: Frame): Frame {
    const texts = readTextColumn(frame, this.inputCol, "inputCol");
    return frame.withColumn(
      this.outputCol,
      texts.map((t) => this.tokenize(t)),
    );
  }

  /** The tokens of one text. */
  tokenize(text: string): string[] {
    const str = this.toLowercase ? text.toLowerCase() : text;
    const tokens = this.gaps ? javaSplit(str, this.regex) : [...str.matchAll(this.regex)].map((m) => m[0]);
    return tokens.filter((t) => t.length >= this.minTokenLength);
  }

  toJSON(): StageDocument {
    const { inputCol, outputCol, pattern, gaps, minTokenLength, toLowercase } = this;
    return {
      class: "RegexTokenizer",
      uid: this.uid,
      params: { inputCol, outputCol, pattern, gaps, minTokenLength, toLowercase },
    };
  }
}

/** Java's `Pattern.split(s)` (limit 0): no match → [s]; trailing empties dropped; a zero-width
 * match at position 0 gives no leading empty string. */
function javaSplit(s: string, re: RegExp): string[] {
  const out: string[] = [];
  let start = 0;
  let matched = false;
  re.lastIndex = 0;
  for (const m of s.matchAll(re)) {
    const at = m.index ?? 0;
    const end = at + m[0].length;
    if (end === 0) continue;
    out.push(s.slice(start, at));
    start = end;
    matched = true;
  }
  if (!matched) return [s];
  out.push(s.slice(start));
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out;
}

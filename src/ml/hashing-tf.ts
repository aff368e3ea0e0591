import { murmur3x86_32, murmur3x86_32Ascii } from "../util/murmur3";
import type { CsrMatrix } from "./csr-matrix";
import { Frame, type MlData } from "./frame";
import { toOutput } from "./frame-output";
import { checkColumnName, checkParam } from "./params";
import { isJavaSpace } from "./spark-tokenize";
import { makeUid, type StageDocument, type Transformer } from "./stage";
import { TermCounts } from "./term-counts";
import { readTokensColumn } from "./text-column";
import { TokenColumn } from "./token-column";

export interface HashingTFParams {
  readonly inputCol: string;
  readonly outputCol: string;
  /** Number of features (hash buckets), a positive integer; default 2^18 as Spark. */
  readonly numFeatures?: number;
  /** Record 1 for a present term instead of its count; default false. */
  readonly binary?: boolean;
}

const SEED = 42;

/**
 * Spark 3.x HashingTF: term → nonNegativeMod(murmur3_x86_32(UTF-8 bytes, seed 42), numFeatures),
 * output a sparse vector of term counts with sorted indices.
 * @example new HashingTF({ inputCol: "words", outputCol: "features", numFeatures: 1 << 18 })
 */
export class HashingTF implements Transformer {
  readonly uid: string;
  readonly inputCol: string;
  readonly outputCol: string;
  readonly numFeatures: number;
  readonly binary: boolean;
  private readonly encoder = new TextEncoder();
  private buffer = new Uint8Array(256);

  constructor(params: HashingTFParams, uid = makeUid("HashingTF")) {
    this.inputCol = checkColumnName("inputCol", params.inputCol);
    this.outputCol = checkColumnName("outputCol", params.outputCol);
    const n = params.numFeatures ?? 1 << 18;
    checkParam(
      Number.isInteger(n) && n > 0 && n <= 2 ** 31 - 1,
      "numFeatures",
      n,
      "a positive 32-bit integer",
    );
    this.numFeatures = n;
    this.binary = params.binary ?? false;
    this.uid = uid;
  }

  /** The feature index of one term, as Spark's `HashingTF.indexOf`. */
  indexOf(term: string): number {
    return this.bucket(murmur3x86_32Ascii(term, 0, term.length, SEED) ?? this.utf8Murmur3(term));
  }

  private bucket(hash: number): number {
    const m = this.numFeatures;
    return ((hash % m) + m) % m;
  }

  private utf8Murmur3(term: string): number {
    if (this.buffer.length < term.length * 3) this.buffer = new Uint8Array(term.length * 3);
    const { written } = this.encoder.encodeInto(term, this.buffer);
    return murmur3x86_32(this.buffer.subarray(0, written), SEED);
  }

  transform(data: MlData): MlData {
    return toOutput(this.transformFrame(Frame.of(data)));
  }

  transformFrame(frame: Frame): Frame {
    const input = frame.stored(this.inputCol, "inputCol");
    const features =
      input instanceof TokenColumn
        ? this.hashTexts(input.texts)
        : this.hashDocuments(readTokensColumn(frame, this.inputCol, "inputCol"));
    return frame.withColumn(this.outputCol, features);
  }

  /** Term-frequency vectors of token lists, as one CSR matrix (numFeatures columns). */
  hashDocuments(docs: readonly (readonly string[])[]): CsrMatrix {
    let total = 0;
    for (const d of docs) total += d.length;
    const counts = new TermCounts(this.numFeatures, this.binary, total);
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      for (let t = 0; t < doc.length; t++) counts.add(this.indexOf(doc[t]!));
      counts.endRow();
    }
    return counts.finish();
  }

  /**
   * `hashDocuments(texts.map(sparkTokenize))` in one scan per text and no token strings: each
   * whitespace-separated range of the lowercased text is hashed in place (ASCII) or encoded
   * (other text, one lookup per distinct term). Empty tokens count as "" unless trailing.
   */
  hashTexts(texts: readonly string[]): CsrMatrix {
    let chars = 0;
    for (const t of texts) chars += t.length;
    const counts = new TermCounts(this.numFeatures, this.binary, chars >>> 3);
    const empty = this.indexOf("");
    const nonAscii = new Map<string, number>();
    for (const text of texts) {
      const s = text.toLowerCase();
      const n = s.length;
      if (n === 0) counts.add(empty); // Java: "".split(…) is [""]
      let start = 0;
      let high = 0;
      let pendingEmpty = 0;
      // i = n acts as a final separator; trailing empty tokens stay pending and are dropped
      for (let i = 0; i <= n; i++) {
        const c = i < n ? s.charCodeAt(i) : 32;
        if (!isJavaSpace(c)) {
          high |= c;
          continue;
        }
        if (i === start) pendingEmpty++;
        else {
          for (; pendingEmpty > 0; pendingEmpty--) counts.add(empty);
          if (high < 0x80) counts.add(this.bucket(murmur3x86_32Ascii(s, start, i, SEED)!));
          else {
            const term = s.slice(start, i);
            let j = nonAscii.get(term);
            if (j === undefined) {
              j = this.indexOf(term);
              nonAscii.set(term, j);
            }
            counts.add(j);
          }
        }
        start = i + 1;
        high = 0;
      }
      counts.endRow();
    }
    return counts.finish();
  }

  toJSON(): StageDocument {
    const { inputCol, outputCol, numFeatures, binary } = this;
    return { class: "HashingTF", uid: this.uid, params: { inputCol, outputCol, numFeatures, binary } };
  }
}

import { murmur3x86_32 } from "../util/murmur3";
import type { CsrMatrix } from "./csr-matrix";
import { Frame, type MlData } from "./frame";
import { toOutput } from "./frame-output";
import { checkColumnName, checkParam } from "./params";
import { makeUid, type StageDocument, type Transformer } from "./stage";
import { readTokensColumn } from "./text-column";

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
    const h = asciiMurmur3(term) ?? this.utf8Murmur3(term);
    const m = this.numFeatures;
    return ((h % m) + m) % m;
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
    return frame.withColumn(
      this.outputCol,
      this.hashDocuments(readTokensColumn(frame, this.inputCol, "inputCol")),
    );
  }

  /** Term-frequency vectors of token lists, as one CSR matrix (numFeatures columns). */
  hashDocuments(docs: readonly (readonly string[])[]): CsrMatrix {
    const scratch = new Float64Array(this.numFeatures);
    let total = 0;
    for (const d of docs) total += d.length;
    let indices = new Int32Array(Math.max(16, total));
    let values = new Float64Array(indices.length);
    const indptr = new Int32Array(docs.length + 1);
    let at = 0;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      const start = at;
      for (let t = 0; t < doc.length; t++) {
        const j = this.indexOf(doc[t]!);
        if (scratch[j] === 0) indices[at++] = j;
        scratch[j] = this.binary ? 1 : scratch[j]! + 1;
      }
      indices.subarray(start, at).sort();
      for (let k = start; k < at; k++) {
        const j = indices[k]!;
        values[k] = scratch[j]!;
        scratch[j] = 0;
      }
      indptr[i + 1] = at;
    }
    indices = indices.slice(0, at);
    values = values.slice(0, at);
    return { kind: "csr", numRows: docs.length, numCols: this.numFeatures, indptr, indices, values };
  }

  toJSON(): StageDocument {
    const { inputCol, outputCol, numFeatures, binary } = this;
    return { class: "HashingTF", uid: this.uid, params: { inputCol, outputCol, numFeatures, binary } };
  }
}

/**
 * murmur3_x86_32 (seed 42) straight from the UTF-16 code units of an all-ASCII string, whose UTF-8
 * bytes are those code units: saves encoding every token. Undefined when the term is not ASCII.
 * Checked against `murmur3x86_32` on the committed term table.
 */
export function asciiMurmur3(s: string): number | undefined {
  const len = s.length;
  const blocks = len & ~3;
  let h = SEED;
  let any = 0;
  for (let i = 0; i < blocks; i += 4) {
    const b0 = s.charCodeAt(i);
    const b1 = s.charCodeAt(i + 1);
    const b2 = s.charCodeAt(i + 2);
    const b3 = s.charCodeAt(i + 3);
    any |= b0 | b1 | b2 | b3;
    let k = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = 0;
    for (let t = tail - 1; t >= 0; t--) {
      const b = s.charCodeAt(blocks + t);
      any |= b;
      k |= b << (8 * t);
    }
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  if (any > 0x7f) return undefined;
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

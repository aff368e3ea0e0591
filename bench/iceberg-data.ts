/**
 * The rows every Iceberg benchmark writes (id long, text ~100 B, label double), and their Arrow IPC
 * files: the exact bytes each peer process (lakelab's child, pyiceberg, pyarrow) reads.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as arrow from "apache-arrow";

const WORDS =
  "the of and to in is for on with as by at from spam offer free money click now meeting report team".split(
    " ",
  );
const WORD_BYTES = WORDS.map((w) => new TextEncoder().encode(`${w} `));

/** Rows per generated chunk of a large table (a Utf8 column's offsets are 32-bit). */
export const CHUNK_ROWS = 1_000_000;

/**
 * Deterministic rows: ids firstId..firstId+n-1, ~100-byte texts of common words, labels 0/1.
 * The text is words and spaces up to at least 95 bytes, built as bytes (ASCII) rather than strings.
 */
export function makeTable(n: number, seed: number, firstId = seed * n): arrow.Table {
  let x = seed >>> 0;
  const rand = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
  const ids = new BigInt64Array(n);
  const labels = new Float64Array(n);
  const offsets = new Int32Array(n + 1);
  const bytes = new Uint8Array(n * 110);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    ids[i] = BigInt(firstId + i);
    labels[i] = rand() & 1;
    const start = pos;
    while (pos - start < 95) {
      const word = WORD_BYTES[rand() % WORD_BYTES.length]!;
      for (let j = 0; j < word.length; j++) bytes[pos++] = word[j]!;
    }
    offsets[i + 1] = pos;
  }
  const text = arrow.makeData({
    type: new arrow.Utf8(),
    length: n,
    nullCount: 0,
    valueOffsets: offsets,
    data: bytes.slice(0, pos),
  });
  return new arrow.Table({
    id: arrow.makeVector(ids),
    text: arrow.makeVector(text),
    label: arrow.makeVector(labels),
  });
}

/**
 * Writes `n` rows to an Arrow IPC file, generated and written CHUNK_ROWS at a time so that 8M rows
 * never sit in memory at once. Up to CHUNK_ROWS the rows are `makeTable(n, seed)` exactly.
 */
export async function writeTableFile(file: string, n: number, seed: number): Promise<void> {
  const writer = new arrow.RecordBatchFileWriter();
  const written = pipeline(Readable.from(writer), createWriteStream(file));
  for (let start = 0, k = 0; start < n; start += CHUNK_ROWS, k++) {
    const rows = Math.min(CHUNK_ROWS, n - start);
    // batch by batch: write(table) goes through writeAll, which closes the writer
    for (const batch of makeTable(rows, k === 0 ? seed : seed * 1000 + k, seed * n + start).batches) {
      writer.write(batch);
    }
    // let the file stream take the chunk before the next one is made
    await new Promise((resolve) => setImmediate(resolve));
  }
  writer.close();
  await written;
}

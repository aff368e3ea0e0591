/** The rows batch `n` writes: 1–3 rows tagged with the batch, so a partial commit is visible. */
export function batchRows(batch: number): { batch: bigint; idx: bigint; text: string }[] {
  return Array.from({ length: 1 + (batch % 3) }, (_, i) => ({
    batch: BigInt(batch),
    idx: BigInt(i),
    text: `batch ${batch} row ${i}`,
  }));
}

export type Op = { readonly batch: number; readonly op: "append" | "createOrReplace" };

/** The rows a table holds after `ops` committed in order, as sorted "batch/idx/text" keys. */
export function expectedRows(ops: readonly Op[]): string[] {
  let rows: string[] = [];
  for (const { batch, op } of ops) {
    const added = batchRows(batch).map(rowKey);
    rows = op === "createOrReplace" ? added : [...rows, ...added];
  }
  return rows.sort();
}

export function rowKey(r: { readonly [column: string]: unknown }): string {
  return `${String(r.batch)}/${String(r.idx)}/${String(r.text)}`;
}

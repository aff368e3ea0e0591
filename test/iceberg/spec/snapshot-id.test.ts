import { describe, expect, it } from "vitest";
import { isLakelabError, type LakelabError } from "../../../src/errors";
import { snapshotIdOf } from "../../../src/iceberg/spec/snapshot-id";

function failure(value: unknown): LakelabError {
  try {
    snapshotIdOf(value);
  } catch (err) {
    if (isLakelabError(err, "INVALID_ARGUMENT")) return err;
    throw err;
  }
  throw new Error(`snapshotIdOf(${String(value)}) did not fail`);
}

describe("snapshotIdOf", () => {
  it("keeps bigints and parses exact decimal strings, beyond 2^53 too", () => {
    expect(snapshotIdOf(5173553188971266738n)).toBe(5173553188971266738n);
    expect(snapshotIdOf(" 5173553188971266738 ")).toBe(5173553188971266738n);
    expect(snapshotIdOf("-9223372036854775808")).toBe(-(2n ** 63n));
  });

  it("accepts a JS number only while it is a safe integer", () => {
    expect(snapshotIdOf(42)).toBe(42n);
    expect(snapshotIdOf(Number.MAX_SAFE_INTEGER)).toBe(9007199254740991n);
    // what untyped code passes for exp3(5173553188971266738): already rounded by JavaScript
    // biome-ignore lint/correctness/noPrecisionLoss: the rounding is what this test is about
    const err = failure(5173553188971266738);
    expect(err.message).toContain("was given as a JS number");
    expect(err.message).toContain("2^53 - 1");
    expect(err.message).toContain("bigint");
    expect(err.context).toEqual({ snapshotId: "5173553188971267000", type: "number" });
    expect(failure(1.5).message).toContain("is not an integer");
  });

  it("refuses what is not a 64-bit integer, naming it", () => {
    expect(failure("51735531.8e12").message).toContain("'51735531.8e12' is not a 64-bit integer");
    expect(failure("9223372036854775808").message).toContain("is not a 64-bit integer");
    expect(failure(null).message).toContain("snapshot id null");
    expect(failure({}).context).toEqual({ snapshotId: "object", type: "object" });
  });
});

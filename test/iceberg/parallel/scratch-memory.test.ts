import { afterEach, describe, expect, it, vi } from "vitest";
import { ScratchMemory } from "../../../src/iceberg/parallel/scratch-memory";

describe("ScratchMemory", () => {
  afterEach(() => vi.useRealTimers());

  it("hands a released buffer to the next acquire that fits, and allocates when none does", () => {
    const sizes: number[] = [];
    const scratch = new ScratchMemory((n) => {
      sizes.push(n);
      return new ArrayBuffer(n);
    });
    const a = scratch.acquire(1000);
    expect(a.byteLength).toBeGreaterThanOrEqual(1000);
    scratch.release(a);
    expect(scratch.kept).toBe(a.byteLength);
    expect(scratch.acquire(900)).toBe(a);
    expect(scratch.kept).toBe(0);
    const b = scratch.acquire(900);
    expect(b).not.toBe(a);
    scratch.release(a);
    const big = scratch.acquire(10 * a.byteLength);
    expect(big).not.toBe(a);
    expect(sizes).toHaveLength(3);
  });

  it("lends a buffer to one holder at a time and keeps at most the two largest", () => {
    const scratch = new ScratchMemory((n) => new ArrayBuffer(n));
    const [x, y, z] = [scratch.acquire(100), scratch.acquire(100), scratch.acquire(5000)];
    expect(new Set([x, y, z]).size).toBe(3);
    scratch.release(x);
    scratch.release(y);
    scratch.release(z);
    expect(scratch.kept).toBe(z.byteLength + x.byteLength);
  });

  it("lets the kept buffers go after the idle time", () => {
    vi.useFakeTimers();
    const scratch = new ScratchMemory((n) => new ArrayBuffer(n), 1000);
    scratch.release(scratch.acquire(100));
    vi.advanceTimersByTime(999);
    expect(scratch.kept).toBeGreaterThan(0);
    scratch.release(scratch.acquire(100));
    vi.advanceTimersByTime(999);
    expect(scratch.kept).toBeGreaterThan(0);
    vi.advanceTimersByTime(2);
    expect(scratch.kept).toBe(0);
  });
});

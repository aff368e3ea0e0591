import { describe, expect, it } from "vitest";
import { InverseHessian } from "../../../src/ml/optim/inverse-hessian";

function vectors(count: number, n: number, seed: number): Float64Array[] {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => Float64Array.from({ length: n }, next));
}

const dotPlain = (a: Float64Array, b: Float64Array) => a.reduce((t, v, i) => t + v * b[i]!, 0);

/** Nocedal & Wright's Algorithm 7.4 over the given pairs (oldest first), written out plainly. */
function twoLoop(pairs: { s: Float64Array; y: Float64Array }[], g: Float64Array): Float64Array {
  const q = Float64Array.from(g, (v) => -v);
  const alpha: number[] = [];
  for (let c = pairs.length - 1; c >= 0; c--) {
    const { s, y } = pairs[c]!;
    alpha[c] = dotPlain(s, q) / dotPlain(s, y);
    for (let i = 0; i < q.length; i++) q[i]! -= alpha[c]! * y[i]!;
  }
  if (pairs.length > 0) {
    const { s, y } = pairs.at(-1)!;
    const gamma = dotPlain(s, y) / dotPlain(y, y);
    for (let i = 0; i < q.length; i++) q[i]! *= gamma;
  }
  for (let c = 0; c < pairs.length; c++) {
    const { s, y } = pairs[c]!;
    const beta = dotPlain(y, q) / dotPlain(s, y);
    for (let i = 0; i < q.length; i++) q[i]! += (alpha[c]! - beta) * s[i]!;
  }
  return q;
}

function expectClose(actual: Float64Array, expected: Float64Array): void {
  const scale = Math.max(...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-12 * scale);
}

describe("InverseHessian", () => {
  const n = 37; // not a multiple of the unrolled loops' stride
  const xs = vectors(15, n, 3);
  // gradients of a convex quadratic with a diagonal Hessian 1..7, plus noise: s·y > 0
  const gs = xs.map((x, k) => Float64Array.from(x, (v, i) => v * (1 + (i % 7)) + 0.01 * Math.sin(k + i)));
  const g = vectors(1, n, 99)[0]!;
  const pair = (k: number) => ({
    s: Float64Array.from(xs[k + 1]!, (v, i) => v - xs[k]![i]!),
    y: Float64Array.from(gs[k + 1]!, (v, i) => v - gs[k]![i]!),
  });

  it("is −g with no pairs, and the textbook two-loop recursion as pairs arrive and the oldest drop out", () => {
    const h = new InverseHessian(n, 5);
    const dir = new Float64Array(n);
    h.direction(g, dir);
    expect([...dir]).toEqual([...g].map((v) => -v));
    const pairs: { s: Float64Array; y: Float64Array }[] = [];
    for (let k = 0; k < 14; k++) {
      h.update(xs[k + 1]!, xs[k]!, gs[k + 1]!, gs[k]!);
      pairs.push(pair(k));
      if (pairs.length > 5) pairs.shift();
      h.direction(g, dir);
      expectClose(dir, twoLoop(pairs, g));
    }
  });

  it("skips a pair without positive curvature, and forgets every pair on reset", () => {
    const h = new InverseHessian(n, 5);
    const dir = new Float64Array(n);
    h.update(xs[1]!, xs[0]!, gs[1]!, gs[0]!);
    h.update(xs[2]!, xs[1]!, gs[1]!, gs[2]!); // y = −(true y): s·y < 0
    h.direction(g, dir);
    expectClose(dir, twoLoop([pair(0)], g));
    h.reset();
    h.direction(g, dir);
    expect([...dir]).toEqual([...g].map((v) => -v));
  });
});

import { describe, expect, it } from "vitest";
import { type DiffFunction, dot } from "../../../src/ml/optim/diff-function";
import { StrongWolfeLineSearch } from "../../../src/ml/optim/line-search";

const C1 = 1e-4;
const C2 = 0.9;

function rosenbrock(n: number): DiffFunction {
  return {
    dim: n,
    calculate(x, g) {
      let f = 0;
      g.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const a = x[i + 1]! - x[i]! * x[i]!;
        const b = 1 - x[i]!;
        f += 100 * a * a + b * b;
        g[i]! += -400 * x[i]! * a - 2 * b;
        g[i + 1]! += 200 * a;
      }
      return f;
    },
  };
}

/** log(Σ exp(aᵢ·x)) + ½·0.01‖x‖²: smooth, convex, with a curvature that varies along a line. */
function logSumExp(a: number[][]): DiffFunction {
  const n = a[0]!.length;
  return {
    dim: n,
    calculate(x, g) {
      const z = a.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((s, v) => s + v, 0);
      for (let j = 0; j < n; j++)
        g[j] = a.reduce((s, row, i) => s + (row[j]! * e[i]!) / sum, 0) + 0.01 * x[j]!;
      return m + Math.log(sum) + 0.005 * dot(x, x);
    },
  };
}

const cases: { name: string; f: DiffFunction; x: number[] }[] = [
  { name: "Rosenbrock 2-d at (−1.2, 1)", f: rosenbrock(2), x: [-1.2, 1] },
  { name: "Rosenbrock 2-d at (0, 0)", f: rosenbrock(2), x: [0, 0] },
  { name: "Rosenbrock 6-d at (−1, …)", f: rosenbrock(6), x: [-1, -1, -1, -1, -1, -1] },
  { name: "Rosenbrock 4-d at (2, −1, 0.5, 3)", f: rosenbrock(4), x: [2, -1, 0.5, 3] },
  {
    name: "log-sum-exp at (1, −2, 0.5)",
    f: logSumExp([
      [1, 2, -1],
      [-3, 0.5, 2],
      [0, -1, 4],
      [2, 2, 2],
    ]),
    x: [1, -2, 0.5],
  },
];

describe("StrongWolfeLineSearch", () => {
  for (const { name, f, x: start } of cases) {
    for (const scale of [1e-3, 1, 1e3]) {
      it(`${name}, steepest descent, first trial step ${scale}/‖d‖: the accepted step meets the strong Wolfe conditions`, () => {
        const x = Float64Array.from(start);
        const g = new Float64Array(f.dim);
        const f0 = f.calculate(x, g);
        const dir = g.map((v) => -v);
        const d0 = dot(g, dir);
        const xOut = new Float64Array(f.dim);
        const gOut = new Float64Array(f.dim);
        const { value, step } = new StrongWolfeLineSearch(f).search(
          x,
          dir,
          f0,
          d0,
          scale / Math.sqrt(-d0),
          xOut,
          gOut,
        );
        expect(step).toBeGreaterThan(0);
        // the returned point, value and gradient are those of x + step·dir
        const g2 = new Float64Array(f.dim);
        expect(
          f.calculate(
            Float64Array.from(x, (v, i) => v + step * dir[i]!),
            g2,
          ),
        ).toBe(value);
        expect([...gOut]).toEqual([...g2]);
        expect(value).toBeLessThanOrEqual(f0 + C1 * step * d0);
        expect(Math.abs(dot(gOut, dir))).toBeLessThanOrEqual(C2 * Math.abs(d0));
      });
    }
  }
});

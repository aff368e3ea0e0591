import { describe, expect, it } from "vitest";
import type { DiffFunction } from "../../../src/ml/optim/diff-function";
import { minimizeLbfgs } from "../../../src/ml/optim/lbfgs";
import { minimizeOwlqn } from "../../../src/ml/optim/owlqn";

/** The n-dimensional Rosenbrock function: minimum 0 at (1, …, 1), badly conditioned. */
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

/** ½‖x − c‖² (separable): with L1 weights r the minimizer is soft-threshold(c, r). */
function shiftedQuadratic(c: number[]): DiffFunction {
  return {
    dim: c.length,
    calculate(x, g) {
      let f = 0;
      for (let i = 0; i < c.length; i++) {
        const d = x[i]! - c[i]!;
        f += 0.5 * d * d;
        g[i] = d;
      }
      return f;
    },
  };
}

describe("L-BFGS", () => {
  it("minimizes the 10-d Rosenbrock function from (−1.2, 1, …)", () => {
    const x0 = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const r = minimizeLbfgs(rosenbrock(10), x0, { maxIter: 1000, tol: 1e-12 });
    for (const v of r.x) expect(v).toBeCloseTo(1, 5);
    expect(r.objectiveHistory.at(-1)!).toBeLessThan(1e-10);
    expect(r.numIterations).toBe(r.objectiveHistory.length - 1);
    for (let i = 1; i < r.objectiveHistory.length; i++) {
      expect(r.objectiveHistory[i]!).toBeLessThanOrEqual(r.objectiveHistory[i - 1]!);
    }
  });

  it("stops at maxIter, and maxIter 0 returns the start point", () => {
    const x0 = new Float64Array([-1.2, 1]);
    const r = minimizeLbfgs(rosenbrock(2), x0, { maxIter: 3, tol: 0 });
    expect(r.numIterations).toBe(3);
    expect(r.reason).toBe("max iterations reached");
    const none = minimizeLbfgs(rosenbrock(2), x0, { maxIter: 0, tol: 1e-6 });
    expect([...none.x]).toEqual([-1.2, 1]);
    expect(none.objectiveHistory).toHaveLength(1);
  });

  it("is deterministic: the same run twice gives identical bits", () => {
    const x0 = new Float64Array(6).fill(-1);
    const a = minimizeLbfgs(rosenbrock(6), x0, { maxIter: 50, tol: 1e-9 });
    const b = minimizeLbfgs(rosenbrock(6), x0, { maxIter: 50, tol: 1e-9 });
    expect([...a.x]).toEqual([...b.x]);
    expect(a.objectiveHistory).toEqual(b.objectiveHistory);
  });
});

describe("OWL-QN", () => {
  it("finds the soft-thresholded minimizer of ½‖x − c‖² + Σ r|x|, with exact zeros", () => {
    const c = [3, -2, 0.5, -0.2, 0];
    const r = minimizeOwlqn(shiftedQuadratic(c), new Float64Array(5), new Float64Array([1, 1, 1, 1, 0]), {
      maxIter: 100,
      tol: 1e-12,
    });
    const expected = [2, -1, 0, 0, 0];
    expected.forEach((e, i) => {
      expect(r.x[i]).toBeCloseTo(e, 8);
    });
    expect(r.x[2]).toBe(0);
    expect(r.x[3]).toBe(0);
  });

  it("agrees with L-BFGS on a coupled convex quadratic when every L1 weight is zero", () => {
    // ½xᵀAx − bᵀx with A tridiagonal (4 on the diagonal, −1 beside it): one minimizer, A⁻¹b
    const n = 8;
    const b = Float64Array.from({ length: n }, (_, i) => (i % 3) - 1);
    const f: DiffFunction = {
      dim: n,
      calculate(x, g) {
        let v = 0;
        for (let i = 0; i < n; i++) {
          const ax = 4 * x[i]! - (i > 0 ? x[i - 1]! : 0) - (i < n - 1 ? x[i + 1]! : 0);
          g[i] = ax - b[i]!;
          v += 0.5 * x[i]! * ax - b[i]! * x[i]!;
        }
        return v;
      },
    };
    const options = { maxIter: 500, tol: 1e-14 };
    const owl = minimizeOwlqn(f, new Float64Array(n), new Float64Array(n), options);
    const lbfgs = minimizeLbfgs(f, new Float64Array(n), options);
    const grad = new Float64Array(n);
    f.calculate(owl.x, grad);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(grad[i]!)).toBeLessThan(1e-7);
      expect(owl.x[i]).toBeCloseTo(lbfgs.x[i]!, 7);
    }
  });
});

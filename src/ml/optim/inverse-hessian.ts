import { dot } from "./diff-function";

/**
 * L-BFGS's implicit inverse Hessian from the last `m` pairs (s = Δx, y = Δ∇f), applied by the
 * two-loop recursion with the scaling s·y / y·y. Buffers are allocated once.
 */
export class InverseHessian {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];
  private readonly alpha: Float64Array;
  private head = 0;
  private count = 0;

  constructor(
    private readonly dim: number,
    private readonly m: number,
  ) {
    this.alpha = new Float64Array(m);
  }

  reset(): void {
    this.count = 0;
    this.head = 0;
  }

  /** Adds the pair xNew − xOld, gNew − gOld; skipped when the curvature s·y is not positive. */
  update(xNew: Float64Array, xOld: Float64Array, gNew: Float64Array, gOld: Float64Array): void {
    if (this.s.length < this.m) {
      this.s.push(new Float64Array(this.dim));
      this.y.push(new Float64Array(this.dim));
      this.rho.push(0);
    }
    const slot = this.count < this.m ? (this.head + this.count) % this.m : this.head;
    const s = this.s[slot]!;
    const y = this.y[slot]!;
    let sy = 0;
    for (let i = 0; i < this.dim; i++) {
      s[i] = xNew[i]! - xOld[i]!;
      y[i] = gNew[i]! - gOld[i]!;
      sy += s[i]! * y[i]!;
    }
    if (!(sy > 0)) return;
    this.rho[slot] = 1 / sy;
    if (this.count < this.m) this.count++;
    else this.head = (this.head + 1) % this.m;
  }

  /** Writes −H·g into `dir`. */
  direction(g: Float64Array, dir: Float64Array): void {
    const n = this.dim;
    for (let i = 0; i < n; i++) dir[i] = -g[i]!;
    for (let c = this.count - 1; c >= 0; c--) {
      const slot = (this.head + c) % this.m;
      const a = this.rho[slot]! * dot(this.s[slot]!, dir);
      this.alpha[c] = a;
      const y = this.y[slot]!;
      for (let i = 0; i < n; i++) dir[i]! -= a * y[i]!;
    }
    if (this.count > 0) {
      const slot = (this.head + this.count - 1) % this.m;
      const y = this.y[slot]!;
      const gamma = 1 / (this.rho[slot]! * dot(y, y));
      for (let i = 0; i < n; i++) dir[i]! *= gamma;
    }
    for (let c = 0; c < this.count; c++) {
      const slot = (this.head + c) % this.m;
      const b = this.rho[slot]! * dot(this.y[slot]!, dir);
      const s = this.s[slot]!;
      const coef = this.alpha[c]! - b;
      for (let i = 0; i < n; i++) dir[i]! += coef * s[i]!;
    }
  }
}

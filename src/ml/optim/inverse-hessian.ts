import { dot } from "./diff-function";

/**
 * L-BFGS's implicit inverse Hessian from the last `m` pairs (s = Δx, y = Δ∇f), applied by the
 * two-loop recursion with the scaling s·y / y·y. Buffers are allocated once.
 *
 * Each pass of a loop also takes the dot product the next step needs (s·q in the first loop, y·r
 * in the second), on the values it has just written: 2m + 1 passes over the vectors instead of 4m.
 */
export class InverseHessian {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];
  private readonly yy: number[] = [];
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
      this.yy.push(0);
    }
    const slot = this.count < this.m ? (this.head + this.count) % this.m : this.head;
    const s = this.s[slot]!;
    const y = this.y[slot]!;
    const n = this.dim;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - xOld[i]!;
      y[i] = gNew[i]! - gOld[i]!;
    }
    const sy = dot(s, y);
    const yy = dot(y, y);
    if (!(sy > 0)) return;
    this.rho[slot] = 1 / sy;
    this.yy[slot] = yy;
    if (this.count < this.m) this.count++;
    else this.head = (this.head + 1) % this.m;
  }

  /** Writes −H·g into `dir`. */
  direction(g: Float64Array, dir: Float64Array): void {
    const count = this.count;
    dir.fill(0);
    if (count === 0) {
      axpyScaleDot(dir, -1, g, 1, undefined);
      return;
    }
    const slotOf = (c: number) => (this.head + c) % this.m;
    const newest = slotOf(count - 1);
    const gamma = 1 / (this.rho[newest]! * this.yy[newest]!);
    // first loop, newest pair first: α_c = ρ_c·s_c·q, q −= α_c·y_c; the last pass scales q by γ
    let acc = axpyScaleDot(dir, -1, g, 1, this.s[newest]);
    for (let c = count - 1; c >= 0; c--) {
      const slot = slotOf(c);
      const a = this.rho[slot]! * acc;
      this.alpha[c] = a;
      const next = c > 0 ? this.s[slotOf(c - 1)] : this.y[slotOf(0)];
      acc = axpyScaleDot(dir, -a, this.y[slot]!, c > 0 ? 1 : gamma, next);
    }
    // second loop, oldest pair first: β_c = ρ_c·y_c·r, r += (α_c − β_c)·s_c
    for (let c = 0; c < count; c++) {
      const slot = slotOf(c);
      const coef = this.alpha[c]! - this.rho[slot]! * acc;
      acc = axpyScaleDot(dir, coef, this.s[slot]!, 1, c < count - 1 ? this.y[slotOf(c + 1)] : undefined);
    }
  }
}

/**
 * d ← (d + a·v)·scale, returning next·d (the updated d) when `next` is given. Four partial sums
 * keep the dot product from waiting on one chain of additions.
 */
function axpyScaleDot(
  d: Float64Array,
  a: number,
  v: Float64Array,
  scale: number,
  next: Float64Array | undefined,
): number {
  const n = d.length;
  if (next === undefined) {
    for (let i = 0; i < n; i++) d[i] = (d[i]! + a * v[i]!) * scale;
    return 0;
  }
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const d0 = (d[i]! + a * v[i]!) * scale;
    const d1 = (d[i + 1]! + a * v[i + 1]!) * scale;
    const d2 = (d[i + 2]! + a * v[i + 2]!) * scale;
    const d3 = (d[i + 3]! + a * v[i + 3]!) * scale;
    d[i] = d0;
    d[i + 1] = d1;
    d[i + 2] = d2;
    d[i + 3] = d3;
    s0 += next[i]! * d0;
    s1 += next[i + 1]! * d1;
    s2 += next[i + 2]! * d2;
    s3 += next[i + 3]! * d3;
  }
  for (; i < n; i++) {
    const di = (d[i]! + a * v[i]!) * scale;
    d[i] = di;
    s0 += next[i]! * di;
  }
  return s0 + s1 + (s2 + s3);
}

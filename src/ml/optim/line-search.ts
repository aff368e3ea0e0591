import { type DiffFunction, dot, LineSearchFailed } from "./diff-function";

const C1 = 1e-4;
const C2 = 0.9;
const MAX_ITER = 10;
const MAX_ZOOM = 10;
// growth of a trial step that is still descending steeply: Breeze uses 1.5, scipy's dcsrch up to 4;
// 1.5 over 10 tries covers only 57×, so a first step 1/‖d‖ that is 1000× short failed outright
const EXTRAPOLATE = 4;

/**
 * Strong-Wolfe line search along `dir` from `x` (value f0, directional derivative d0 < 0), as
 * Breeze's StrongWolfeLineSearch (cubic interpolation in the zoom). On return `xOut`/`gOut` hold the
 * accepted point and its gradient; the returned value is f there.
 */
export class StrongWolfeLineSearch {
  constructor(private readonly f: DiffFunction) {}

  search(
    x: Float64Array,
    dir: Float64Array,
    f0: number,
    d0: number,
    init: number,
    xOut: Float64Array,
    gOut: Float64Array,
  ): { value: number; step: number } {
    if (!(d0 < 0)) throw new LineSearchFailed("not a descent direction");
    const phi = (t: number): { v: number; d: number } => {
      for (let i = 0; i < x.length; i++) xOut[i] = x[i]! + t * dir[i]!;
      const v = this.f.calculate(xOut, gOut);
      return { v, d: dot(gOut, dir) };
    };
    let tPrev = 0;
    let vPrev = f0;
    let dPrev = d0;
    let t = init;
    for (let i = 0; i < MAX_ITER; i++) {
      const { v, d } = phi(t);
      if (!Number.isFinite(v) || v > f0 + C1 * t * d0 || (i > 0 && v >= vPrev)) {
        return this.zoom(phi, f0, d0, tPrev, vPrev, dPrev, t, v, d);
      }
      if (Math.abs(d) <= -C2 * d0) return { value: v, step: t };
      if (d >= 0) return this.zoom(phi, f0, d0, t, v, d, tPrev, vPrev, dPrev);
      tPrev = t;
      vPrev = v;
      dPrev = d;
      t *= EXTRAPOLATE;
    }
    throw new LineSearchFailed("line search did not bracket a step");
  }

  private zoom(
    phi: (t: number) => { v: number; d: number },
    f0: number,
    d0: number,
    tLo: number,
    vLo: number,
    dLo: number,
    tHi: number,
    vHi: number,
    dHi: number,
  ): { value: number; step: number } {
    for (let i = 0; i < MAX_ZOOM; i++) {
      const t = interpolate(tLo, vLo, dLo, tHi, vHi, dHi);
      const { v, d } = phi(t);
      if (!Number.isFinite(v) || v > f0 + C1 * t * d0 || v >= vLo) {
        tHi = t;
        vHi = v;
        dHi = d;
      } else {
        if (Math.abs(d) <= -C2 * d0) return { value: v, step: t };
        if (d * (tHi - tLo) >= 0) {
          tHi = tLo;
          vHi = vLo;
          dHi = dLo;
        }
        tLo = t;
        vLo = v;
        dLo = d;
      }
    }
    // an unfinished zoom still returns the best decrease it saw (Breeze would give up here)
    if (tLo > 0 && vLo < f0) {
      const { v } = phi(tLo);
      return { value: v, step: tLo };
    }
    throw new LineSearchFailed("line search zoom failed");
  }
}

/** Minimizer of the cubic through both ends, kept inside the middle 80 % of the bracket. */
function interpolate(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  let t = Number.NaN;
  if (disc >= 0 && Number.isFinite(fb)) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    t = b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
  }
  const margin = 0.1 * (hi - lo);
  if (!Number.isFinite(t) || t < lo + margin || t > hi - margin) t = (lo + hi) / 2;
  return t;
}

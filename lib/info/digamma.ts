/**
 * The digamma function ψ and Grassberger's correction G(n) used by the entropy estimator of Grassberger
 * (2003) in the closed form given by Chen et al. (L²M, App. B.4):
 * G(n) = ψ(n) + ½(−1)^n (ψ((n+1)/2) − ψ(n/2)).
 *
 * @example
 * ```ts
 * import { digamma, grassbergerG, EULER_GAMMA } from "@l2m/info/digamma.ts";
 * console.assert(Math.abs(digamma(1) + EULER_GAMMA) < 1e-14);
 * console.assert(Math.abs(grassbergerG(1) - (-EULER_GAMMA - Math.LN2)) < 1e-14);
 * ```
 * @module
 */

/** The Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;

/**
 * ψ(x) for real x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x lifts x to ≥ 10, then the asymptotic series
 * ln x − 1/(2x) − Σ B₂ₖ/(2k x^{2k}) to x^{−12} gives ~1e−15 relative accuracy.
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma: x must be positive, got ${x}`);
  let result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv2 *
    (1 / 12 -
      inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return result + Math.log(x) - 0.5 * inv - series;
}

/** Grassberger's G(n) for a positive integer count n (G(1) = −γ − ln 2, G(2) = 2 − γ − ln 2). */
export function grassbergerG(n: number): number {
  const sign = n % 2 === 0 ? 1 : -1;
  return digamma(n) + 0.5 * sign * (digamma((n + 1) / 2) - digamma(n / 2));
}

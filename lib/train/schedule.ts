/**
 * Learning-rate schedule: linear warmup to the peak, then cosine decay to `minRatio · peak` at `total`.
 *
 * @example
 * ```ts
 * import { cosineLr } from "@l2m/train/schedule.ts";
 * const s = { peak: 1e-3, warmup: 10, total: 100 };
 * console.assert(cosineLr(10, s) === 1e-3 && cosineLr(100, s) === 0);
 * ```
 * @module
 */

/** Parameters of {@link cosineLr}. */
export interface LrSchedule {
  /** Peak learning rate (per step, unitless multiplier of the Adam update). */
  peak: number;
  /** Warmup steps (linear from peak/warmup at step 1 to peak at `warmup`). */
  warmup: number;
  /** Total number of steps. */
  total: number;
  /** Floor as a fraction of the peak (default 0, as HF's cosine schedule). */
  minRatio?: number;
}

/** Learning rate used for the update at 1-based `step`. */
export function cosineLr(step: number, s: LrSchedule): number {
  const floor = s.peak * (s.minRatio ?? 0);
  if (s.warmup > 0 && step <= s.warmup) return (s.peak * step) / s.warmup;
  const span = Math.max(1, s.total - s.warmup);
  const progress = Math.min(1, Math.max(0, (step - s.warmup) / span));
  return floor + 0.5 * (s.peak - floor) * (1 + Math.cos(Math.PI * progress));
}

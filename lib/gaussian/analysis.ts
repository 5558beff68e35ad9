/**
 * Tables of exact information quantities of the sub-volume Gaussian: BMI and antipodal two-point MI
 * against L, the two-point MI profile against distance, and the two-point MI summed over all pairs across
 * a cut. The chain rule shows that this sum is not the BMI.
 * @module
 */
import type { GaussianSpec } from "./construction.ts";
import { type SubvolumeGaussian, subvolumeGaussian } from "./subvolume.ts";
import { InputError } from "../util/errors.ts";

/** One row of {@link bmiScaling}. */
export interface ScalingRow {
  family: 1 | 2;
  layers: number;
  /** Sequence length L = 4^layers. */
  length: number;
  /** Bipartite MI at L/2 per copy, in nats. */
  bmi: number;
  /** Two-point MI between the first and the last variable per copy, in nats. */
  antipodalTpmi: number;
}

/** Returns exact BMI at L/2 and antipodal two-point MI for layers `fromLayers … toLayers`. */
export function bmiScaling(
  spec: Omit<GaussianSpec, "layers">,
  fromLayers: number,
  toLayers: number,
): ScalingRow[] {
  const rows: ScalingRow[] = [];
  for (let layers = fromLayers; layers <= toLayers; layers++) {
    const g = subvolumeGaussian({ ...spec, layers });
    rows.push({
      family: g.spec.family,
      layers,
      length: g.length,
      bmi: g.bmi(),
      antipodalTpmi: g.antipodalTwoPointMI(),
    });
  }
  return rows;
}

/**
 * Returns the mean two-point MI `I(S_i; S_{i+d})` over up to `pairs` evenly spaced start positions i, for
 * each distance d in `distances` (1 ≤ d ≤ L − 1), in nats.
 */
export function twoPointProfile(g: SubvolumeGaussian, distances: number[], pairs = 256): number[] {
  return distances.map((d) => {
    if (!Number.isInteger(d) || d < 1 || d >= g.length) {
      throw new InputError(`invalid distance ${d}: use an integer from 1 to L − 1 = ${g.length - 1}`);
    }
    const starts = g.length - d;
    const step = Math.max(1, Math.floor(starts / pairs));
    let sum = 0, count = 0;
    for (let i = 0; i < starts; i += step) {
      sum += g.twoPointMI(i, i + d);
      count++;
    }
    return sum / count;
  });
}

/**
 * Returns `Σ_{i<ℓ≤j} I(S_i; S_j)`, the two-point MI summed over every pair across the split ℓ (default
 * L/2), from the dense covariance (L ≤ 4096). By the chain rule the BMI is a sum of conditional terms
 * instead, so the two differ.
 */
export function crossPairTwoPointSum(g: SubvolumeGaussian, split: number = g.length / 2): number {
  const n = g.length;
  if (!Number.isInteger(split) || split < 1 || split > n - 1) {
    throw new InputError(`invalid split ${split}: use an integer from 1 to L − 1 = ${n - 1}`);
  }
  const sigma = g.covariance();
  let sum = 0;
  for (let i = 0; i < split; i++) {
    for (let j = split; j < n; j++) {
      const c = sigma[i * n + j]!;
      sum -= 0.5 * Math.log1p(-c * c);
    }
  }
  return sum;
}

/** Returns the local exponents `log(I_{k+1}/I_k) / log 4` between consecutive rows of {@link bmiScaling}. */
export function localExponents(rows: ScalingRow[]): number[] {
  const out: number[] = [];
  for (let k = 0; k + 1 < rows.length; k++) {
    const a = rows[k]!, b = rows[k + 1]!;
    out.push(Math.log(b.bmi / a.bmi) / Math.log(b.length / a.length));
  }
  return out;
}

/**
 * KL divergences between univariate Gaussians, the per-position metric of the synthetic experiments:
 * `KL(p_i ‖ q_i) = log(σ_q/σ_p) + (σ_p² + (μ_q − μ_p)²)/(2σ_q²) − ½` for the true conditional p_i and a
 * model's predicted q_i of position i.
 * @module
 */
import { InputError } from "../util/errors.ts";

/** Returns KL(N(μp, σp²) ‖ N(μq, σq²)) in nats. */
export function gaussianKL(muP: number, sigmaP: number, muQ: number, sigmaQ: number): number {
  const diff = muQ - muP;
  const ratio = sigmaP / sigmaQ;
  return -Math.log(ratio) + 0.5 * (ratio * ratio + (diff * diff) / (sigmaQ * sigmaQ)) - 0.5;
}

/**
 * Returns the KL divergence per position averaged over rows: `muP`, `muQ`, `sigmaQ` are `[count, length]`
 * row-major and `sigmaP` is `[length]` (the true conditional std is the same for every row).
 */
export function klPerPosition(
  muP: ArrayLike<number>,
  sigmaP: ArrayLike<number>,
  muQ: ArrayLike<number>,
  sigmaQ: ArrayLike<number>,
): Float64Array {
  const length = sigmaP.length;
  if (muP.length % length !== 0 || muP.length === 0) {
    throw new InputError(
      `klPerPosition: true means have ${muP.length} values, not a multiple of L = ${length}`,
    );
  }
  if (muQ.length !== muP.length || sigmaQ.length !== muP.length) {
    throw new InputError(
      `klPerPosition: model means (${muQ.length}) and stds (${sigmaQ.length}) must both have ` +
        `${muP.length} values, [count, L] like the sequences`,
    );
  }
  const count = muP.length / length;
  const out = new Float64Array(length);
  for (let row = 0; row < count; row++) {
    for (let i = 0; i < length; i++) {
      const k = row * length + i;
      const sq = sigmaQ[k]!;
      if (!(sq > 0)) {
        throw new InputError(`klPerPosition: model std ${sq} at row ${row}, position ${i} must be positive`);
      }
      out[i]! += gaussianKL(muP[k]!, sigmaP[i]!, muQ[k]!, sq);
    }
  }
  for (let i = 0; i < length; i++) out[i]! /= count;
  return out;
}

/**
 * Returns the KL divergence per position for token-stacked arrays as `trainingBatch` lays them out:
 * `muP`, `muQ`, `sigmaQ` are `[batch, L, copies]` and `sigmaP` is `[L]`. Each entry is averaged over the
 * batch and the copies (multiply by `copies` for the KL of a whole token).
 */
export function klPerPositionStacked(
  muP: ArrayLike<number>,
  sigmaP: ArrayLike<number>,
  muQ: ArrayLike<number>,
  sigmaQ: ArrayLike<number>,
  copies: number,
): Float64Array {
  const length = sigmaP.length;
  if (!Number.isInteger(copies) || copies < 1 || muP.length === 0 || muP.length % (length * copies) !== 0) {
    throw new InputError(
      `klPerPositionStacked: true means have ${muP.length} values, not [batch, L = ${length}, copies = ${copies}]`,
    );
  }
  if (muQ.length !== muP.length || sigmaQ.length !== muP.length) {
    throw new InputError(
      `klPerPositionStacked: model means (${muQ.length}) and stds (${sigmaQ.length}) must both have ` +
        `${muP.length} values, [batch, L, copies] like the true means`,
    );
  }
  const batch = muP.length / (length * copies);
  const out = new Float64Array(length);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < length; i++) {
      const base = (b * length + i) * copies;
      for (let c = 0; c < copies; c++) {
        const sq = sigmaQ[base + c]!;
        if (!(sq > 0)) {
          throw new InputError(
            `klPerPositionStacked: model std ${sq} at batch ${b}, position ${i} must be positive`,
          );
        }
        out[i]! += gaussianKL(muP[base + c]!, sigmaP[i]!, muQ[base + c]!, sq);
      }
    }
  }
  for (let i = 0; i < length; i++) out[i]! /= batch * copies;
  return out;
}

/**
 * Bipartite mutual information `I(X;Y)` between the first `ℓ` and the last `L − ℓ` tokens of a sequence,
 * estimated from a language model's per-token log-probabilities (all in nats).
 *
 * - **Direct**: `Î = mean_i [ln q(y_i | x_i) − ln q(y_i)]`, where `ln q(y | x)` sums the scores of
 *   positions `ℓ … L−1` of the whole sequence and `ln q(y)` those of `Y` scored on its own. `Y` usually
 *   starts mid-sentence, so a model's `q(y_1 y_2 | start)` is biased; the start-of-Y correction replaces
 *   the first two terms of `ln q(y)` by `w·ln q(y_1 y_2 | start) − (1 − w)·H₂`, where `H₂` is the
 *   (Grassberger) entropy of the stationary 2-gram distribution of the corpus and `w = 1/5` by default,
 *   the weighting used in the official L²M code.
 * - **vCLUB**: `Î = mean_i [ln q(y_i | x_i) − ln q(y_i | x_{π(i)})]`, where `π` pairs each sample with a
 *   different one, so the second term is an average over `p_X ⊗ p_Y`. It never scores `Y` alone and needs
 *   no start correction. The official code pairs `x_i` with `y_{π(i)}` instead (`swap: "y"`), which
 *   has the same expectation and a larger variance.
 *
 * Per-sample values are kept, so the standard error is `sd/√n` and a power-law fit `A·L^β` gets a
 * bootstrap confidence interval by resampling documents ({@link fitBmiPowerLaw}).
 *
 * Unlike the official code, which takes `ln q(y | x)` and `ln q(y)` from two different samples, the
 * direct estimator here uses the same sample for both, which has the same expectation and a smaller
 * variance.
 *
 * @example
 * ```ts
 * import { directFromLogProbs } from "@l2m/info/bmi.ts";
 * // One sample, L = 4, ℓ = 2: joint scores of the whole sequence, marginal scores of Y alone.
 * const joint = [Float64Array.of(-1, -1, -0.5, -0.5)];
 * const marginal = [Float64Array.of(-1, -1)];
 * const est = directFromLogProbs(joint, marginal, { L: 4, ell: 2 });
 * console.assert(Math.abs(est.mean - 1) < 1e-12);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/prng.ts";
import { countNgrams } from "./count_table.ts";
import { entropy } from "./entropy.ts";
import { bootstrap, fitPowerLaw } from "./fit.ts";
import { scoreChecked, type Scorer } from "./scorer.ts";

/** A split of a length-`L` window: `X` = tokens `0 … ell−1`, `Y` = tokens `ell … L−1`. */
export interface BmiSplit {
  L: number;
  ell: number;
}

/** The start-of-Y n-gram correction of the direct estimator. */
export interface StartCorrection {
  /** Entropy of the stationary 2-gram distribution `H(Y_1 Y_2)` in nats (Grassberger estimate). */
  bigramEntropy: number;
  /** Standard error of `bigramEntropy`; added in quadrature (times `1 − modelWeight`) to every point's SE. */
  bigramEntropySE?: number;
  /** Weight `w` of the model's own `ln q(y_1 y_2 | start)`; default 0.2 (the official code's 1/5). */
  modelWeight?: number;
}

/**
 * Builds the start-of-Y correction from token streams of the corpus: the Grassberger entropy of all
 * overlapping adjacent-token pairs (pairs never span two streams), with its standard error.
 */
export function startCorrectionFromTokens(
  streams: Iterable<Int32Array>,
  modelWeight = 0.2,
): Required<StartCorrection> {
  const pairs = countNgrams(streams, 2);
  if (pairs.total === 0) throw new InputError("no adjacent-token pairs to estimate the 2-gram entropy from");
  const h = entropy(pairs.counts(), "grassberger");
  return { bigramEntropy: h.value, bigramEntropySE: h.se, modelWeight };
}

/** Estimator names. */
export type BmiEstimator = "direct" | "vclub";

/** One bipartite-MI estimate at one split. */
export interface BmiEstimate extends BmiSplit {
  estimator: BmiEstimator;
  /** Mean over samples, nats. */
  mean: number;
  /** Standard error of the mean: `sd(ddof=1)/√n`, plus the correction's SE in quadrature when used. */
  se: number;
  n: number;
  /** Per-sample values (sample `i` of the input order), nats. */
  perSample: Float64Array;
  /** Whether the start-of-Y correction was applied (direct only). */
  corrected: boolean;
}

/** Returns the split for total length `L` and ratio `L/ℓ` (ℓ rounded to the nearest integer, at least 1). */
export function splitFor(L: number, ratio: number): BmiSplit {
  if (!Number.isInteger(L) || L < 2) throw new InputError(`invalid length L = ${L}: use an integer ≥ 2`);
  if (!(ratio > 1) || !Number.isFinite(ratio)) {
    throw new InputError(`invalid ratio L/ℓ = ${ratio}: use a number > 1 (the paper uses 2, 3, 4)`);
  }
  const ell = Math.max(1, Math.round(L / ratio));
  if (ell >= L) throw new InputError(`L = ${L} with ratio ${ratio} leaves no Y tokens: use a larger L`);
  return { L, ell };
}

function sumRange(values: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let t = from; t < to; t++) s += values[t]!;
  return s;
}

function summarise(
  perSample: Float64Array,
  split: BmiSplit,
  estimator: BmiEstimator,
  corrected: boolean,
  extraVariance = 0,
): BmiEstimate {
  const n = perSample.length;
  if (n === 0) throw new InputError(`no samples to estimate BMI at L = ${split.L}`);
  let mean = 0;
  for (const v of perSample) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of perSample) ss += (v - mean) ** 2;
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n + extraVariance) : NaN;
  return { ...split, estimator, mean, se, n, perSample, corrected };
}

function checkLength(rows: readonly Float64Array[], need: number, what: string): void {
  rows.forEach((row, i) => {
    if (row.length < need) {
      throw new InputError(
        `${what} log-probabilities of sample ${i} have ${row.length} entries, need ≥ ${need}`,
      );
    }
    for (let t = 0; t < need; t++) {
      if (!Number.isFinite(row[t]!)) {
        throw new InputError(`${what} log-probability of sample ${i} at position ${t} is ${row[t]}`);
      }
    }
  });
}

/**
 * Direct estimator from precomputed scores. `joint[i]` scores the window (or a longer prefix of the
 * same sequence) from its start; `marginal[i]` scores `Y` alone from its first token, so
 * `marginal[i][k] = ln q(y_{k+1} | start, y_1 … y_k)`.
 */
export function directFromLogProbs(
  joint: readonly Float64Array[],
  marginal: readonly Float64Array[],
  split: BmiSplit,
  correction: StartCorrection | null = null,
): BmiEstimate {
  const { L, ell } = split;
  if (joint.length !== marginal.length) {
    throw new InputError(`direct BMI: ${joint.length} joint but ${marginal.length} marginal score arrays`);
  }
  checkLength(joint, L, "joint");
  checkLength(marginal, L - ell, "marginal");
  const w = correction?.modelWeight ?? 0.2;
  if (correction) {
    if (L - ell < 2) throw new InputError(`the start-of-Y correction needs ≥ 2 Y tokens, L − ℓ = ${L - ell}`);
    if (!(w >= 0 && w <= 1)) {
      throw new InputError(`invalid correction model weight ${w}: use a value in [0, 1]`);
    }
    if (!Number.isFinite(correction.bigramEntropy) || correction.bigramEntropy < 0) {
      throw new InputError(
        `invalid 2-gram entropy ${correction.bigramEntropy}: use a finite value ≥ 0 (nats)`,
      );
    }
  }
  const perSample = new Float64Array(joint.length);
  for (let i = 0; i < joint.length; i++) {
    const conditional = sumRange(joint[i]!, ell, L);
    const m = marginal[i]!;
    let unconditional = sumRange(m, 0, L - ell);
    if (correction) {
      const head = m[0]! + m[1]!;
      unconditional += w * head - (1 - w) * correction.bigramEntropy - head;
    }
    perSample[i] = conditional - unconditional;
  }
  const extra = correction ? ((1 - w) * (correction.bigramEntropySE ?? 0)) ** 2 : 0;
  return summarise(perSample, split, "direct", correction !== null, extra);
}

/**
 * vCLUB estimator from precomputed scores. `joint[i]` scores sample `i` from its start; `crossed[i]`
 * scores a sequence whose prefix and continuation come from two different samples, one of them `i`
 * (positions `ℓ … L−1` are used).
 */
export function vclubFromLogProbs(
  joint: readonly Float64Array[],
  crossed: readonly Float64Array[],
  split: BmiSplit,
): BmiEstimate {
  const { L, ell } = split;
  if (joint.length !== crossed.length) {
    throw new InputError(`vCLUB: ${joint.length} joint but ${crossed.length} crossed score arrays`);
  }
  checkLength(joint, L, "joint");
  checkLength(crossed, L, "crossed");
  const perSample = new Float64Array(joint.length);
  for (let i = 0; i < joint.length; i++) {
    perSample[i] = sumRange(joint[i]!, ell, L) - sumRange(crossed[i]!, ell, L);
  }
  return summarise(perSample, split, "vclub", false);
}

/**
 * Returns a seeded pairing for vCLUB: `partner[i] ≠ i` for every `i` (a random cyclic derangement), so
 * each sample's `Y` is used exactly once as a foreign continuation. Needs ≥ 2 samples.
 */
export function derangement(n: number, rng: Rng): Int32Array {
  if (!Number.isInteger(n) || n < 2) throw new InputError(`vCLUB pairing needs ≥ 2 samples, got ${n}`);
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const partner = new Int32Array(n);
  for (let k = 0; k < n; k++) partner[order[k]!] = order[(k + 1) % n]!;
  return partner;
}

/** Options of {@link estimateBmi}. */
export interface EstimateBmiOptions {
  /** Total lengths `L`, in tokens. */
  lengths: readonly number[];
  /** `L/ℓ`; default 2 (equal split). */
  ratio?: number;
  estimator: BmiEstimator;
  /** Direct only: the start-of-Y correction, or `null` to switch it off. */
  correction?: StartCorrection | null;
  /** vCLUB only: `partner[i]` is the sample paired with sample `i`; default a seeded derangement. */
  partner?: Int32Array;
  /**
   * vCLUB only: which half of the partner is used in the product-of-marginals term. `"y"` scores
   * `x_i` followed by the partner's `Y` (the official L²M code); `"x"` (default) scores the partner's `X`
   * followed by `y_i`. Both have the same expectation, but `"x"` compares the same continuation under
   * two prefixes, so the per-sample differences are paired and the standard error is smaller.
   */
  swap?: "x" | "y";
  /** Seed of the default pairing. Default 0. */
  seed?: number;
  /** Sequences per `score` call; default 32. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after each split with the finished estimate. */
  onProgress?: (estimate: BmiEstimate) => void;
}

async function scoreBatched(
  scorer: Scorer,
  sequences: Int32Array[],
  batchSize: number,
  signal?: AbortSignal,
): Promise<Float64Array[]> {
  const out: Float64Array[] = [];
  for (let i = 0; i < sequences.length; i += batchSize) {
    signal?.throwIfAborted();
    out.push(...await scoreChecked(scorer, sequences.slice(i, i + batchSize), { signal }));
  }
  return out;
}

/**
 * Scores `samples` with `scorer` and estimates the bipartite MI at each length. Every sample must have
 * at least `max(lengths)` tokens; each is scored once from its start (causal scores of a prefix equal
 * those of the whole), then once per split for `Y` alone (direct) or for `x_i` + foreign `Y` (vCLUB).
 */
export async function estimateBmi(
  scorer: Scorer,
  samples: readonly Int32Array[],
  options: EstimateBmiOptions,
): Promise<BmiEstimate[]> {
  const ratio = options.ratio ?? 2;
  const batchSize = options.batchSize ?? 32;
  if (options.lengths.length === 0) throw new InputError("no lengths given: pass e.g. 16,32,64");
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError(`invalid batch size ${batchSize}`);
  const splits = options.lengths.map((L) => splitFor(L, ratio));
  const maxL = Math.max(...options.lengths);
  if (samples.length < 2) throw new InputError(`BMI needs ≥ 2 samples, got ${samples.length}`);
  samples.forEach((s, i) => {
    if (s.length < maxL) {
      throw new InputError(
        `sample ${i} has ${s.length} tokens, shorter than the largest L = ${maxL}: ` +
          `drop short documents or use smaller lengths`,
      );
    }
  });
  const windows = samples.map((s) => s.subarray(0, maxL));
  const joint = await scoreBatched(scorer, windows, batchSize, options.signal);
  let partner = options.partner;
  if (options.estimator === "vclub") {
    partner ??= derangement(samples.length, new Rng(options.seed ?? 0).fork("vclub-pairing"));
    if (
      partner.length !== samples.length || partner.some((p, i) => p === i || p < 0 || p >= samples.length)
    ) {
      throw new InputError(
        `invalid vCLUB pairing: need partner[i] ≠ i in [0, ${samples.length}) for every i`,
      );
    }
  }
  const results: BmiEstimate[] = [];
  for (const split of splits) {
    let estimate: BmiEstimate;
    if (options.estimator === "direct") {
      const ys = windows.map((w) => w.slice(split.ell, split.L));
      const marginal = await scoreBatched(scorer, ys, batchSize, options.signal);
      estimate = directFromLogProbs(joint, marginal, split, options.correction ?? null);
    } else {
      const swapX = (options.swap ?? "x") === "x";
      const crossedSeqs = windows.map((w, i) => {
        const other = windows[partner![i]!]!;
        const seq = new Int32Array(split.L);
        seq.set((swapX ? other : w).subarray(0, split.ell));
        seq.set((swapX ? w : other).subarray(split.ell, split.L), split.ell);
        return seq;
      });
      const crossed = await scoreBatched(scorer, crossedSeqs, batchSize, options.signal);
      estimate = vclubFromLogProbs(joint, crossed, split);
    }
    options.onProgress?.(estimate);
    results.push(estimate);
  }
  return results;
}

/** A power-law fit `BMI ≈ A·L^β` with bootstrap percentile intervals. */
export interface BmiPowerLawFit {
  A: number;
  beta: number;
  /** R² of the log-log regression of the means. */
  r2: number;
  betaLower: number;
  betaUpper: number;
  aLower: number;
  aUpper: number;
  /** Resampling units (documents) used. */
  units: number;
  /** Bootstrap resamples kept (those with a positive mean at every L). */
  resamples: number;
}

/** Options of {@link fitBmiPowerLaw}. */
export interface FitBmiOptions {
  /** `documentOf[i]` is the document id of sample `i`; default: every sample is its own document. */
  documentOf?: Int32Array;
  /** Bootstrap resamples; default 1000. */
  resamples?: number;
  /** Two-sided level; default 0.95. */
  level?: number;
  seed?: number;
}

/**
 * Fits `A·L^β` to the means of `estimates` (one estimate per L, all over the same samples) and a
 * percentile bootstrap CI for `A` and `β`, resampling documents with replacement (all samples of a
 * drawn document enter together). Means must be positive.
 */
export function fitBmiPowerLaw(
  estimates: readonly BmiEstimate[],
  options: FitBmiOptions = {},
): BmiPowerLawFit {
  if (estimates.length < 2) {
    throw new InputError(`a power-law fit needs ≥ 2 lengths, got ${estimates.length}`);
  }
  const n = estimates[0]!.n;
  if (estimates.some((e) => e.n !== n)) throw new InputError("all estimates must come from the same samples");
  const documentOf = options.documentOf ?? Int32Array.from({ length: n }, (_, i) => i);
  if (documentOf.length !== n) {
    throw new InputError(`documentOf has ${documentOf.length} entries for ${n} samples`);
  }
  const byDocument = new Map<number, number[]>();
  documentOf.forEach((d, i) => {
    const list = byDocument.get(d);
    if (list) list.push(i);
    else byDocument.set(d, [i]);
  });
  const units = [...byDocument.values()];
  const Ls = estimates.map((e) => e.L);
  const statistic = (sample: number[][]): number[] => {
    const means = estimates.map((e) => {
      let s = 0, c = 0;
      for (const unit of sample) {
        for (const i of unit) {
          s += e.perSample[i]!;
          c++;
        }
      }
      return s / c;
    });
    const fit = fitPowerLaw(Ls, means);
    return [fit.A, fit.beta];
  };
  const base = fitPowerLaw(Ls, estimates.map((e) => e.mean));
  const boot = bootstrap(units, statistic, {
    rng: new Rng(options.seed ?? 0).fork("bmi-bootstrap"),
    resamples: options.resamples ?? 1000,
    level: options.level ?? 0.95,
  });
  return {
    A: base.A,
    beta: base.beta,
    r2: base.r2,
    aLower: boot.lower[0]!,
    aUpper: boot.upper[0]!,
    betaLower: boot.lower[1]!,
    betaUpper: boot.upper[1]!,
    units: units.length,
    resamples: boot.used,
  };
}

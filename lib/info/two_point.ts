/**
 * Two-point mutual information I(d) = H(X) + H(Y) − H(X, Y) between tokens `d` apart, following the
 * L²M measurement (Chen et al., App. B.VI–B.VII):
 *
 * - pairs `(t_i, t_{i+d})` are counted within each document and pooled over documents;
 * - by default (`marginals: "unigram"`) H(X) = H(Y) = the entropy of the unigram counts of all tokens, as in
 *   the authors' code; `marginals: "pair"` instead uses the first and second elements of the pairs at
 *   distance d, which makes Î an exact plug-in MI of one joint sample;
 * - each entropy uses the chosen estimator (Grassberger by default);
 * - the positive bias that makes Î(d) plateau at large d is removed by fitting Î_d = A·d^(−α) + C in
 *   log space with 0 < C < min Î ({@link fitOffsetPowerLaw}) and reporting Î_d − C.
 *
 * Uncertainty: by default `se` is the delta-method standard error of the plug-in MI,
 * √((Σ p̂_xy ln² r_xy − (Σ p̂_xy ln r_xy)²) / N_d) with r_xy = p̂_xy / (p̂_x p̂_y), and the interval is
 * Î ± z·se. It treats pairs as independent draws, so it understates the noise when neighbouring pairs
 * are correlated (as in text), and it ignores the estimator's bias. With `bootstrap` set, documents are
 * resampled with replacement instead and the interval is the percentile interval of Î (and of Î − C, with
 * the offset refitted per resample).
 *
 * @example
 * ```ts
 * import { twoPointMI } from "@l2m/info/two_point.ts";
 * const stream = Int32Array.from({ length: 4000 }, (_, i) => (i >> 1) % 2); // 0 0 1 1 0 0 1 1 …
 * const r = twoPointMI([stream], [2], { estimator: "plugin", correct: false });
 * console.assert(Math.abs(r.rows[0]!.mi - Math.log(2)) < 1e-3);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/prng.ts";
import { countPairs, countUnigrams } from "./count_table.ts";
import { entropy, type EstimatorName } from "./entropy.ts";
import { bootstrap, fitOffsetPowerLaw, type OffsetPowerLawFit } from "./fit.ts";

/** Options of {@link twoPointMI}. */
export interface TwoPointOptions {
  /** Entropy estimator for H(X), H(Y) and H(X,Y); default `grassberger`. */
  estimator?: EstimatorName;
  /** Source of the marginal entropies H(X) and H(Y); default `unigram` (see the module documentation). */
  marginals?: "unigram" | "pair";
  /** Fit the offset model and report corrected values (default true). */
  correct?: boolean;
  /** Two-sided confidence level of the intervals (default 0.95). */
  level?: number;
  /** Resample documents for the intervals instead of using the delta-method SE. */
  bootstrap?: { rng: Rng; resamples?: number };
  /** Minimum pair count per distance, below which the call throws (default {@link MIN_PAIRS}). */
  minPairs?: number;
}

/**
 * Default fewest token pairs per distance. Both the delta-method interval (a normal approximation) and
 * the plug-in entropies need many draws: with one pair (x, y), Î is −ln(p̂_x·p̂_y) and its standard error
 * is 0. 30 is the usual floor for a normal approximation, and still far too few
 * for a bias-free estimate over a large vocabulary.
 */
export const MIN_PAIRS = 30;

/** One distance of a two-point MI measurement; entropies and MI in nats. */
export interface TwoPointRow {
  d: number;
  /** Î(d) = Ĥ(X) + Ĥ(Y) − Ĥ(X,Y). */
  mi: number;
  /** Standard error of Î(d): delta method, or the bootstrap standard deviation. */
  se: number;
  lower: number;
  upper: number;
  /** Î(d) − C, or NaN when the offset could not be fitted. */
  miCorrected: number;
  lowerCorrected: number;
  upperCorrected: number;
  hX: number;
  hY: number;
  hXY: number;
  /** Number of pairs counted at this distance. */
  pairs: number;
  /** Number of distinct pairs. */
  distinctPairs: number;
}

/** Result of {@link twoPointMI}. */
export interface TwoPointResult {
  estimator: EstimatorName;
  marginals: "unigram" | "pair";
  ciMethod: "delta" | "bootstrap";
  level: number;
  rows: TwoPointRow[];
  /** The fitted offset model, or null when `correct` is false or fewer than 3 distances had Î > 0. */
  offset: OffsetPowerLawFit | null;
  /** A sentence for the reader when the offset fit removes nothing or everything; see {@link offsetFitNote}. */
  offsetNote: string | null;
  /** Total tokens over all documents. */
  tokens: number;
}

/** Returns the standard normal quantile Φ⁻¹(p), 0 < p < 1 (Acklam's rational approximation, |error| < 1.2e−9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5, r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

interface RawRow {
  d: number;
  mi: number;
  se: number;
  hX: number;
  hY: number;
  hXY: number;
  pairs: number;
  distinctPairs: number;
}

function measure(
  streams: readonly Int32Array[],
  distances: readonly number[],
  estimator: EstimatorName,
  marginals: "unigram" | "pair",
): RawRow[] {
  let vocab = 0;
  for (const s of streams) for (let i = 0; i < s.length; i++) if (s[i]! >= vocab) vocab = s[i]! + 1;
  const unigram = countUnigrams(streams, vocab);
  let unigramTotal = 0;
  for (const c of unigram) unigramTotal += c;
  const hUnigram = marginals === "unigram" ? entropy(unigram, estimator).value : NaN;

  const rows: RawRow[] = [];
  // Pair tables at nearby distances have similar sizes, so each starts at the previous one's size.
  let expectedPairs = 1 << 16;
  for (const d of distances) {
    const table = countPairs(streams, d, expectedPairs);
    expectedPairs = Math.max(1 << 16, table.size);
    const n = table.total;
    if (n === 0) {
      throw new InputError(
        `two-point MI: no document has more than ${d} tokens, so distance ${d} has no pairs`,
      );
    }
    let countX: Float64Array, countY: Float64Array, totalX: number, totalY: number, hX: number, hY: number;
    if (marginals === "unigram") {
      countX = countY = unigram;
      totalX = totalY = unigramTotal;
      hX = hY = hUnigram;
    } else {
      countX = countUnigrams(streams.map((s) => s.subarray(0, Math.max(0, s.length - d))), vocab);
      countY = countUnigrams(streams.map((s) => s.subarray(Math.min(d, s.length))), vocab);
      totalX = totalY = n;
      hX = entropy(countX, estimator).value;
      hY = entropy(countY, estimator).value;
    }
    const hXY = entropy(table.counts(), estimator).value;
    // Delta-method variance of the plug-in MI: Var(ln r) under p̂_xy, divided by N.
    let m1 = 0, m2 = 0;
    table.forEach((key, c) => {
      const p = c / n;
      const lr = Math.log(p) - Math.log(countX[key[0]!]! / totalX) - Math.log(countY[key[1]!]! / totalY);
      m1 += p * lr;
      m2 += p * lr * lr;
    });
    rows.push({
      d,
      mi: hX + hY - hXY,
      se: Math.sqrt(Math.max(0, m2 - m1 * m1) / n),
      hX,
      hY,
      hXY,
      pairs: n,
      distinctPairs: table.size,
    });
  }
  return rows;
}

/**
 * Explains an offset fit whose `C` sits at a bound. At the lower bound the corrected series equals the
 * raw one: Î(d) still falls as a power law over the measured distances, or flattens for another reason
 * than a constant bias. Returns null for an interior fit or no fit.
 */
export function offsetFitNote(fit: OffsetPowerLawFit | null): string | null {
  if (!fit || fit.atBound === null) return null;
  if (fit.atBound === "lower") {
    return `the offset fit put C at its lower bound (C = ${fit.C.toPrecision(3)} nats, about 0): a pure ` +
      "power law fits best, so the corrected series equals the raw one; the bias plateau, if any, is not " +
      "constant over the measured distances";
  }
  return `the offset fit put C at its upper bound (C = ${fit.C.toPrecision(3)} nats, the smallest Î): ` +
    "the corrected value at that distance is about 0 and the fitted α is not reliable";
}

/** Fits the offset model on the distances with Î > 0; null when fewer than 3 qualify. */
function fitOffset(rows: readonly { d: number; mi: number }[]): OffsetPowerLawFit | null {
  const positive = rows.filter((r) => r.mi > 0);
  if (positive.length < 3) return null;
  return fitOffsetPowerLaw(positive.map((r) => r.d), positive.map((r) => r.mi));
}

/**
 * Measures two-point MI at each distance over `streams` (one token stream per document).
 * Throws `InputError` for an empty distance list, a non-positive or non-integer distance, or a distance
 * with fewer than `minPairs` pairs (default {@link MIN_PAIRS}) over all documents.
 */
export function twoPointMI(
  streams: readonly Int32Array[],
  distances: readonly number[],
  options: TwoPointOptions = {},
): TwoPointResult {
  const estimator = options.estimator ?? "grassberger";
  const marginals = options.marginals ?? "unigram";
  const level = options.level ?? 0.95;
  const correct = options.correct ?? true;
  if (distances.length === 0) throw new InputError("two-point MI: the list of distances is empty");
  for (const d of distances) {
    if (!Number.isInteger(d) || d < 1) {
      throw new InputError(`two-point MI: distance ${d} is not a positive integer`);
    }
  }
  if (!streams.some((s) => s.length > 0)) throw new InputError("two-point MI: the corpus has no tokens");

  const minPairs = options.minPairs ?? MIN_PAIRS;
  if (!Number.isSafeInteger(minPairs) || minPairs < 1) {
    throw new InputError(`two-point MI: minPairs ${minPairs} is not a positive integer`);
  }

  const raw = measure(streams, distances, estimator, marginals);
  const sparse = raw.filter((r) => r.pairs < minPairs);
  if (sparse.length > 0) {
    const list = sparse.map((r) => `distance ${r.d} has ${r.pairs} token pair(s)`).join(", ");
    throw new InputError(
      `two-point MI: ${list}, fewer than the minimum ${minPairs}: drop ` +
        `${
          sparse.length === 1 ? "that distance" : "those distances"
        }, use a longer corpus, or lower the minimum`,
    );
  }
  const offset = correct ? fitOffset(raw) : null;
  const offsetNote = offsetFitNote(offset);
  const C = offset ? offset.C : NaN;
  const z = normalQuantile((1 + level) / 2);
  const tokens = streams.reduce((s, t) => s + t.length, 0);

  if (!options.bootstrap) {
    const rows = raw.map((r) => ({
      ...r,
      lower: r.mi - z * r.se,
      upper: r.mi + z * r.se,
      miCorrected: r.mi - C,
      lowerCorrected: r.mi - C - z * r.se,
      upperCorrected: r.mi - C + z * r.se,
    }));
    return { estimator, marginals, ciMethod: "delta", level, rows, offset, offsetNote, tokens };
  }

  // Statistic per resample: Î(d) for every d, then Î(d) − C with C refitted (NaN when the fit fails).
  const k = distances.length;
  const boot = bootstrap(streams, (sample) => {
    const rr = measure(sample, distances, estimator, marginals);
    const mi = rr.map((r) => r.mi);
    const fit = correct ? fitOffset(rr) : null;
    // A resample whose offset fit fails returns NaN and is dropped from every component.
    let offsetC = 0;
    if (correct) offsetC = fit ? fit.C : NaN;
    return [...mi, ...mi.map((v) => v - offsetC)];
  }, { rng: options.bootstrap.rng, resamples: options.bootstrap.resamples ?? 200, level });
  const rows = raw.map((r, j) => ({
    ...r,
    se: boot.se[j]!,
    lower: boot.lower[j]!,
    upper: boot.upper[j]!,
    miCorrected: r.mi - C,
    lowerCorrected: offset ? boot.lower[k + j]! : NaN,
    upperCorrected: offset ? boot.upper[k + j]! : NaN,
  }));
  return { estimator, marginals, ciMethod: "bootstrap", level, rows, offset, offsetNote, tokens };
}

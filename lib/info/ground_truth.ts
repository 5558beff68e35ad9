/**
 * Discrete stationary sources whose bipartite mutual information is known exactly, for validating BMI
 * estimators. Each source samples sequences, scores them with its true conditionals (a {@link Scorer})
 * and returns the exact `I(X_{1:ℓ}; Y_{1:L−ℓ})` in nats.
 *
 * | source | exact BMI for any `1 ≤ ℓ < L` |
 * |---|---|
 * | i.i.d. tokens | 0 |
 * | stationary first-order Markov chain | `I(X_ℓ; X_{ℓ+1}) = Σ π_i T_ij ln(T_ij / π_j)` |
 * | copy process `p(x) = 1(x_1 = … = x_L)/M` | `ln M` |
 * | hidden Markov model | by enumeration over all `M^L` sequences (tiny cases) |
 *
 * For an HMM too large to enumerate, {@link monteCarloBmi} averages `ln p(y|x) − ln p(y)` with the exact
 * forward-algorithm conditionals, which is unbiased with a stated standard error.
 *
 * @example
 * ```ts
 * import { copyProcess } from "@l2m/info/ground_truth.ts";
 * const copy = copyProcess(8);
 * console.assert(Math.abs(copy.exactBmi(16, 8) - Math.log(8)) < 1e-12);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/prng.ts";
import type { Scorer } from "./scorer.ts";

/** A source with exactly known bipartite MI. */
export interface GroundTruthSource {
  readonly name: string;
  readonly vocabSize: number;
  /** Draws one sequence of `L` tokens from the stationary process. */
  sample(rng: Rng, L: number): Int32Array;
  /** The true conditionals as a scorer: `out[t] = ln p(x_t | x_0 … x_{t−1})`, `out[0] = ln p(x_0)`. */
  scorer(): Scorer;
  /** Exact `I(X_{1:ℓ}; Y_{1:L−ℓ})` in nats. */
  exactBmi(L: number, ell: number): number;
}

function checkSplit(L: number, ell: number): void {
  if (!Number.isInteger(L) || !Number.isInteger(ell) || ell < 1 || ell >= L) {
    throw new InputError(`invalid split L = ${L}, ℓ = ${ell}: need integers with 1 ≤ ℓ < L`);
  }
}

function checkStochastic(rows: readonly Float64Array[], what: string, width: number): void {
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new InputError(`${what} row ${i} has ${row.length} entries, expected ${width}`);
    }
    let s = 0;
    for (const p of row) {
      if (!(p >= 0)) throw new InputError(`${what} row ${i} has a negative or NaN entry ${p}`);
      s += p;
    }
    if (Math.abs(s - 1) > 1e-9) throw new InputError(`${what} row ${i} sums to ${s}, expected 1`);
  });
}

function drawIndex(rng: Rng, probs: Float64Array): number {
  let u = rng.uniform();
  for (let i = 0; i < probs.length; i++) {
    u -= probs[i]!;
    if (u < 0) return i;
  }
  return probs.length - 1;
}

/** Stationary distribution of a row-stochastic matrix by power iteration (throws if it does not converge). */
export function stationaryDistribution(transition: readonly Float64Array[]): Float64Array {
  const k = transition.length;
  let pi = new Float64Array(k).fill(1 / k);
  for (let iter = 0; iter < 100_000; iter++) {
    const next = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const row = transition[i]!;
      for (let j = 0; j < k; j++) next[j]! += pi[i]! * row[j]!;
    }
    let diff = 0;
    for (let j = 0; j < k; j++) diff = Math.max(diff, Math.abs(next[j]! - pi[j]!));
    // Average with the previous iterate so periodic chains converge too.
    for (let j = 0; j < k; j++) next[j] = 0.5 * (next[j]! + pi[j]!);
    pi = next;
    if (diff < 1e-15) return pi;
  }
  throw new InputError(
    "the transition matrix has no unique stationary distribution (power iteration did not converge)",
  );
}

/** Scorer over a fixed function of one sequence. */
function exactScorer(name: string, vocabSize: number, scoreOne: (seq: Int32Array) => Float64Array): Scorer {
  return {
    name,
    vocabSize,
    score: (sequences) => Promise.resolve(sequences.map(scoreOne)),
  };
}

/** Tokens drawn i.i.d. from `probs`; BMI is 0. */
export function iidSource(probs: Float64Array): GroundTruthSource {
  checkStochastic([probs], "i.i.d. distribution", probs.length);
  const logp = probs.map(Math.log);
  return {
    name: `iid(M=${probs.length})`,
    vocabSize: probs.length,
    sample: (rng, L) => Int32Array.from({ length: L }, () => drawIndex(rng, probs)),
    scorer: () => exactScorer("exact:iid", probs.length, (seq) => Float64Array.from(seq, (x) => logp[x]!)),
    exactBmi: (L, ell) => {
      checkSplit(L, ell);
      return 0;
    },
  };
}

/** A stationary first-order Markov chain over `M` tokens. */
export interface MarkovSource extends GroundTruthSource {
  readonly transition: readonly Float64Array[];
  readonly stationary: Float64Array;
}

/**
 * Creates a stationary Markov chain with row-stochastic `transition` (started from its stationary distribution).
 * Its BMI is `I(X_ℓ; X_{ℓ+1})` for every split. Zero transitions are allowed; the exact scorer then
 * returns `−∞` for impossible sequences (as vCLUB's crossed sequences can be), which
 * `validateScores` rejects.
 */
export function markovChain(transition: readonly Float64Array[], name = "markov"): MarkovSource {
  const m = transition.length;
  checkStochastic(transition, "transition", m);
  const pi = stationaryDistribution(transition);
  let mi = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const t = transition[i]![j]!;
      if (t > 0 && pi[i]! > 0) mi += pi[i]! * t * Math.log(t / pi[j]!);
    }
  }
  const logT = transition.map((row) => row.map(Math.log));
  const logPi = pi.map(Math.log);
  return {
    name: `${name}(M=${m})`,
    vocabSize: m,
    transition,
    stationary: pi,
    sample: (rng, L) => {
      const out = new Int32Array(L);
      for (let t = 0; t < L; t++) out[t] = drawIndex(rng, t === 0 ? pi : transition[out[t - 1]!]!);
      return out;
    },
    scorer: () =>
      exactScorer(`exact:${name}`, m, (seq) => {
        const lp = new Float64Array(seq.length);
        for (let t = 0; t < seq.length; t++) lp[t] = t === 0 ? logPi[seq[0]!]! : logT[seq[t - 1]!]![seq[t]!]!;
        return lp;
      }),
    exactBmi: (L, ell) => {
      checkSplit(L, ell);
      return mi;
    },
  };
}

/** Creates a random Markov chain: each row is drawn from a symmetric Dirichlet(concentration) (Gamma sampling). */
export function randomMarkovChain(m: number, rng: Rng, concentration = 0.3): MarkovSource {
  const rows = Array.from({ length: m }, () => {
    const g = Float64Array.from({ length: m }, () => gammaSample(rng, concentration) + 1e-12);
    const s = g.reduce((a, b) => a + b, 0);
    return g.map((v) => v / s);
  });
  return markovChain(rows, "random-markov");
}

/** Marsaglia–Tsang Gamma(shape, 1) sampler, with the `shape < 1` boost. */
function gammaSample(rng: Rng, shape: number): number {
  if (shape < 1) return gammaSample(rng, shape + 1) * Math.pow(rng.uniform() || 1e-300, 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Creates the copy process `p(x_1 … x_L) = 1(x_1 = … = x_L)/M`: a uniform first token repeated. Two-point MI is
 * `ln M` at every distance and BMI is `ln M` for every split. Pass `noise > 0` for the chain that keeps
 * the token with probability `1 − noise` and otherwise redraws it uniformly (exact BMI from the chain).
 */
export function copyProcess(m: number, noise = 0): MarkovSource {
  if (!Number.isInteger(m) || m < 2) throw new InputError(`invalid copy-process alphabet M = ${m}: use ≥ 2`);
  if (!(noise >= 0 && noise <= 1)) throw new InputError(`invalid copy noise ${noise}: use a value in [0, 1]`);
  const rows = Array.from({ length: m }, (_, i) => {
    const row = new Float64Array(m).fill(noise / m);
    row[i]! += 1 - noise;
    return row;
  });
  return markovChain(rows, noise === 0 ? "copy" : `noisy-copy(${noise})`);
}

/**
 * Monte-Carlo BMI with exact conditionals: the mean of `ln p(y|x) − ln p(y)` over `samples` draws, with
 * its standard error. Unbiased for any source whose scorer returns the true conditionals.
 */
export async function monteCarloBmi(
  source: GroundTruthSource,
  L: number,
  ell: number,
  samples: number,
  rng: Rng,
): Promise<{ mean: number; se: number; n: number }> {
  checkSplit(L, ell);
  if (!Number.isInteger(samples) || samples < 2) {
    throw new InputError(`invalid sample count ${samples}: use ≥ 2`);
  }
  const scorer = source.scorer();
  const seqs = Array.from({ length: samples }, () => source.sample(rng, L));
  const joint = await scorer.score(seqs);
  const marginal = await scorer.score(seqs.map((s) => s.subarray(ell)));
  const values = seqs.map((_, i) => {
    let v = 0;
    for (let t = ell; t < L; t++) v += joint[i]![t]!;
    for (let t = 0; t < L - ell; t++) v -= marginal[i]![t]!;
    return v;
  });
  const mean = values.reduce((a, b) => a + b, 0) / samples;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (samples - 1);
  return { mean, se: Math.sqrt(variance / samples), n: samples };
}

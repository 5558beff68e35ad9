/**
 * A stationary hidden Markov model with exact bipartite MI: the forward algorithm gives `ln p(x_t | x_<t)`
 * exactly, so `ln p(Y | X)` and `ln p(Y)` are exact, and tiny cases are enumerated in full. It also
 * computes the exact two-point MI and the chain-rule terms `I(X_i; Y_j | X_{<i}, Y_{<j})`, whose sum is
 * the BMI (and which differ from the two-point terms).
 *
 * @example
 * ```ts
 * import { HiddenMarkovModel } from "@l2m/info/hmm.ts";
 * const hmm = HiddenMarkovModel.sticky(2, 2, 0.9, 0.8);
 * const exact = hmm.exactBmi(6, 3);
 * console.assert(exact > 0 && exact < Math.log(2));
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/prng.ts";
import type { GroundTruthSource } from "./ground_truth.ts";
import { stationaryDistribution } from "./ground_truth.ts";
import type { Scorer } from "./scorer.ts";

/** Largest `M^L` that {@link HiddenMarkovModel.exactBmi} enumerates. */
export const MAX_ENUMERATION = 1 << 20;

/** A stationary HMM: `K` hidden states with transition `A` (K×K) and emissions `B` (K×M). */
export class HiddenMarkovModel implements GroundTruthSource {
  readonly name: string;
  readonly vocabSize: number;
  readonly states: number;
  readonly initial: Float64Array;

  /** Creates the HMM, started from the stationary distribution of `transition`. */
  constructor(readonly transition: readonly Float64Array[], readonly emission: readonly Float64Array[]) {
    this.states = transition.length;
    if (emission.length !== this.states) {
      throw new InputError(`emission has ${emission.length} rows, expected one per state (${this.states})`);
    }
    this.vocabSize = emission[0]?.length ?? 0;
    for (
      const [what, rows, width] of [["transition", transition, this.states], [
        "emission",
        emission,
        this.vocabSize,
      ]] as const
    ) {
      rows.forEach((row, i) => {
        const s = row.reduce((a, b) => a + b, 0);
        if (row.length !== width || row.some((p) => !(p >= 0)) || Math.abs(s - 1) > 1e-9) {
          throw new InputError(`HMM ${what} row ${i} is not a probability vector of length ${width}`);
        }
      });
    }
    this.initial = stationaryDistribution(transition);
    this.name = `hmm(K=${this.states},M=${this.vocabSize})`;
  }

  /** A symmetric HMM: states stay with probability `stay`, and emit "their" token with probability `emit`. */
  static sticky(states: number, tokens: number, stay: number, emit: number): HiddenMarkovModel {
    const a = Array.from(
      { length: states },
      (_, i) => Float64Array.from({ length: states }, (_, j) => i === j ? stay : (1 - stay) / (states - 1)),
    );
    const b = Array.from(
      { length: states },
      (_, i) =>
        Float64Array.from({ length: tokens }, (_, x) => x === i % tokens ? emit : (1 - emit) / (tokens - 1)),
    );
    return new HiddenMarkovModel(a, b);
  }

  /** Draws `L` tokens. */
  sample(rng: Rng, L: number): Int32Array {
    const out = new Int32Array(L);
    let s = draw(rng, this.initial);
    for (let t = 0; t < L; t++) {
      if (t > 0) s = draw(rng, this.transition[s]!);
      out[t] = draw(rng, this.emission[s]!);
    }
    return out;
  }

  /**
   * Forward algorithm: `out[t] = ln p(x_t | observed x before t)`. Positions where `observed[t]` is
   * false are marginalised (their entry is 0), which gives probabilities of non-contiguous blocks.
   */
  conditionals(seq: Int32Array, observed?: Uint8Array): Float64Array {
    const k = this.states;
    const out = new Float64Array(seq.length);
    let alpha = Float64Array.from(this.initial);
    for (let t = 0; t < seq.length; t++) {
      if (t > 0) {
        const next = new Float64Array(k);
        for (let i = 0; i < k; i++) {
          const ai = alpha[i]!;
          if (ai === 0) continue;
          const row = this.transition[i]!;
          for (let j = 0; j < k; j++) next[j]! += ai * row[j]!;
        }
        alpha = next;
      }
      if (observed && !observed[t]) continue;
      let z = 0;
      for (let i = 0; i < k; i++) {
        alpha[i] = alpha[i]! * this.emission[i]![seq[t]!]!;
        z += alpha[i]!;
      }
      out[t] = Math.log(z);
      if (z > 0) { for (let i = 0; i < k; i++) alpha[i] = alpha[i]! / z; }
    }
    return out;
  }

  /** Exact conditionals as a scorer. */
  scorer(): Scorer {
    return {
      name: `exact:${this.name}`,
      vocabSize: this.vocabSize,
      score: (sequences) => Promise.resolve(sequences.map((s) => this.conditionals(s))),
    };
  }

  /** `ln p` of the tokens at the observed positions (others marginalised). */
  logProb(seq: Int32Array, observed?: Uint8Array): number {
    return this.conditionals(seq, observed).reduce((a, b) => a + b, 0);
  }

  /** Exact `I(X_{1:ℓ}; Y_{1:L−ℓ})` by enumerating all `M^L` sequences (throws above {@link MAX_ENUMERATION}). */
  exactBmi(L: number, ell: number): number {
    if (!Number.isInteger(L) || !Number.isInteger(ell) || ell < 1 || ell >= L) {
      throw new InputError(`invalid split L = ${L}, ℓ = ${ell}: need integers with 1 ≤ ℓ < L`);
    }
    const mask = new Uint8Array(L);
    return this.#conditionalMi(L, Array.from({ length: ell }, (_, i) => i), range(ell, L), [], mask);
  }

  /**
   * Exact `I(A; B | C)` for disjoint position sets of a length-`L` window, by enumerating the values of
   * `A ∪ B ∪ C`.
   */
  #conditionalMi(L: number, a: number[], b: number[], c: number[], mask: Uint8Array): number {
    const positions = [...a, ...b, ...c];
    const m = this.vocabSize;
    if (Math.pow(m, positions.length) > MAX_ENUMERATION) {
      throw new InputError(
        `exact enumeration needs ${m}^${positions.length} terms (over ${MAX_ENUMERATION}): ` +
          `use monteCarloBmi or a smaller L`,
      );
    }
    const seq = new Int32Array(L);
    const logP = (sets: number[][]): number => {
      mask.fill(0);
      for (const set of sets) for (const p of set) mask[p] = 1;
      return this.logProb(seq, mask);
    };
    const total = Math.pow(m, positions.length);
    let mi = 0;
    for (let code = 0; code < total; code++) {
      let rest = code;
      for (const p of positions) {
        seq[p] = rest % m;
        rest = Math.floor(rest / m);
      }
      const abc = logP([a, b, c]);
      if (!Number.isFinite(abc)) continue;
      const cOnly = c.length ? logP([c]) : 0;
      mi += Math.exp(abc) * (abc + cOnly - logP([a, c]) - logP([b, c]));
    }
    return mi;
  }

  /** Exact two-point MI `I(X_i; X_j)` between positions at distance `d ≥ 1`. */
  twoPointMi(d: number): number {
    if (!Number.isInteger(d) || d < 1) throw new InputError(`invalid distance ${d}: use an integer ≥ 1`);
    return this.#conditionalMi(d + 1, [0], [d], [], new Uint8Array(d + 1));
  }

  /**
   * Chain-rule terms of the BMI: `terms[i][j] = I(X_{i+1}; Y_{j+1} | X_{1:i}, Y_{1:j})` (0-based `i < ℓ`,
   * `j < L−ℓ`). Their sum equals {@link exactBmi}; compare with `twoPoint[i][j] = I(X_{i+1}; Y_{j+1})`.
   */
  chainRuleTerms(L: number, ell: number): { terms: number[][]; twoPoint: number[][] } {
    if (!Number.isInteger(L) || !Number.isInteger(ell) || ell < 1 || ell >= L) {
      throw new InputError(`invalid split L = ${L}, ℓ = ${ell}: need integers with 1 ≤ ℓ < L`);
    }
    const mask = new Uint8Array(L);
    const terms: number[][] = [];
    const twoPoint: number[][] = [];
    for (let i = 0; i < ell; i++) {
      const row: number[] = [], tp: number[] = [];
      for (let j = 0; j < L - ell; j++) {
        const y = ell + j;
        row.push(this.#conditionalMi(L, [i], [y], [...range(0, i), ...range(ell, y)], mask));
        tp.push(this.twoPointMi(y - i));
      }
      terms.push(row);
      twoPoint.push(tp);
    }
    return { terms, twoPoint };
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function draw(rng: Rng, probs: Float64Array): number {
  let u = rng.uniform();
  for (let i = 0; i < probs.length; i++) {
    u -= probs[i]!;
    if (u < 0) return i;
  }
  return probs.length - 1;
}

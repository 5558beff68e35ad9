/**
 * An adaptive interpolated (modified) Kneser–Ney n-gram language model, usable as a {@link Scorer}.
 *
 * Training only counts (no optimisation loop). For a context `h` of length `m` the model interpolates
 * down to a uniform distribution over the vocabulary:
 *
 *   P_m(w | h) = (c(h w) − D(c(h w))) / c(h·) + γ(h) · P_{m−1}(w | h′),
 *   γ(h) = (D₁ N₁(h·) + D₂ N₂(h·) + D₃₊ N₃₊(h·)) / c(h·)
 *
 * where `h′` drops the oldest token of `h`, `D(0) = 0`, and `N_i(h·)` counts the continuations of `h`
 * seen once, twice and at least three times (Chen & Goodman's modified Kneser–Ney; `modified: false`
 * uses one discount for all counts). The longest context uses raw counts; every shorter one uses
 * Kneser–Ney continuation counts (the number of distinct tokens seen before `h′ w`). At the start of a
 * sequence, where fewer than `order − 1` tokens precede position `t`, the longest available context uses
 * raw counts, so position 0 gets the raw unigram distribution (interpolated with uniform). This makes
 * `ln q(x_0 | start)` the stationary unigram probability, not a sentence-initial one.
 *
 * Adaptation: while a sequence is scored, each token's n-grams are added to the counts right after the
 * token is scored, so text that repeats inside the sequence gets cheaper, as in a cache model. The
 * counts are restored when the sequence ends, so sequences are scored independently. Every
 * distribution sums to 1 exactly (up to rounding), with or without adaptation, because every discount
 * `D_c` is below the count `c` it applies to.
 *
 * @example
 * ```ts
 * import { NgramLanguageModel } from "@l2m/info/ngram_lm.ts";
 * const lm = new NgramLanguageModel(3, { order: 2 });
 * lm.train([Int32Array.of(0, 1, 2, 0, 1, 2)]);
 * const [scores] = await lm.score([Int32Array.of(0, 1, 2)]);
 * console.assert(scores!.length === 3 && scores!.every((v) => v < 0));
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import { GramTable } from "./gram_table.ts";
import { type ScoreOptions, type Scorer, validateSequences } from "./scorer.ts";

/**
 * Statistic fields per table entry: the gram's raw and continuation counts, and, for the gram as a
 * context, the sum of its continuations' counts and how many continuations have count 1, 2 and ≥ 3.
 */
const RAW = 0, CC = 1, RAW_TOTAL = 2, RAW_N1 = 3, CC_TOTAL = 6, CC_N1 = 7, WIDTH = 10;

/** Count-of-counts bucket of a count: −1 for 0, then 0, 1, 2 for counts 1, 2 and ≥ 3. */
function bucket(count: number): number {
  return count <= 0 ? -1 : count >= 3 ? 2 : count - 1;
}

/** Options of {@link NgramLanguageModel}. */
export interface NgramOptions {
  /** Maximum gram length in tokens (context length + 1). Default 4. */
  order?: number;
  /** Update counts while scoring a sequence (cache-like adaptation). Default true. */
  adapt?: boolean;
  /**
   * Count added per n-gram occurrence seen while scoring (training occurrences count 1). Larger values
   * make repeated in-sequence text cheaper. Integer ≥ 1; default 2.
   */
  adaptWeight?: number;
  /** Label shown in `name`, e.g. the training corpus. */
  label?: string;
  /**
   * Modified Kneser–Ney (Chen & Goodman): separate discounts for counts 1, 2 and ≥ 3. Default true;
   * false uses one discount per order.
   */
  modified?: boolean;
}

/** Moves one continuation between count-of-counts buckets (at `stats[base]`, `+1`, `+2`). */
function moveBucket(stats: Int32Array, base: number, before: number, after: number): void {
  const from = bucket(before), to = bucket(after);
  if (from === to) return;
  if (from >= 0) stats[base + from]! -= 1;
  if (to >= 0) stats[base + to]! += 1;
}

/** Interpolated Kneser–Ney n-gram model with within-sequence adaptation. */
export class NgramLanguageModel implements Scorer {
  readonly order: number;
  readonly adapt: boolean;
  readonly adaptWeight: number;
  readonly name: string;
  /** `tables[k]` holds grams of `k` tokens; `tables[0]` holds the single empty gram. */
  readonly #tables: GramTable[] = [];
  /** `#discounts[3k + i]` is the discount of k-gram counts in bucket i (counts 1, 2, ≥ 3). */
  #discounts: Float64Array;
  readonly modified: boolean;
  #trainedTokens = 0;
  #scratch: Int32Array;

  /** Creates an empty model over token ids `0 … vocabSize-1`. */
  constructor(readonly vocabSize: number, options: NgramOptions = {}) {
    const order = options.order ?? 4;
    if (!Number.isInteger(vocabSize) || vocabSize < 1) {
      throw new InputError(`invalid vocabulary size ${vocabSize}: use a positive integer`);
    }
    if (!Number.isInteger(order) || order < 1 || order > 12) {
      throw new InputError(`invalid n-gram order ${order}: use an integer from 1 to 12`);
    }
    this.order = order;
    this.adapt = options.adapt ?? true;
    this.adaptWeight = options.adaptWeight ?? 2;
    if (!Number.isInteger(this.adaptWeight) || this.adaptWeight < 1 || this.adaptWeight > 1000) {
      throw new InputError(`invalid adaptation weight ${this.adaptWeight}: use an integer from 1 to 1000`);
    }
    this.name = `ngram:${order}${options.label ? `(${options.label})` : ""}${this.adapt ? "" : "-static"}`;
    for (let k = 0; k <= order; k++) this.#tables.push(new GramTable(k, WIDTH, k === 0 ? 1 : 1 << 12));
    this.modified = options.modified ?? true;
    this.#discounts = new Float64Array(3 * (order + 1)).fill(0.75);
    this.#scratch = new Int32Array(order);
  }

  /** Number of training tokens counted so far. */
  get trainedTokens(): number {
    return this.#trainedTokens;
  }

  /** Returns the discounts `[D₁, D₂, D₃₊]` applied to counts of grams of length `k` (1 … order). */
  discounts(k: number): [number, number, number] {
    const d = this.#discounts;
    return [d[3 * k]!, d[3 * k + 1]!, d[3 * k + 2]!];
  }

  /**
   * Adds the n-grams of each training sequence (grams never span two sequences), then re-estimates the
   * discounts from the counts-of-counts `n₁ … n₄`: with `Y = n₁/(n₁ + 2n₂)`, `D₁ = 1 − 2Y n₂/n₁`,
   * `D₂ = 2 − 3Y n₃/n₂`, `D₃₊ = 3 − 4Y n₄/n₃` (modified), or `D = Y` for all counts. Each `D_c` is clamped
   * to [0.05, c − 0.05], which keeps every distribution normalised.
   */
  train(sequences: readonly Int32Array[]): this {
    validateSequences(sequences.filter((s) => s.length > 0), this.vocabSize);
    for (const seq of sequences) {
      for (let t = 0; t < seq.length; t++) this.#add(seq, t, 1);
      this.#trainedTokens += seq.length;
    }
    this.#estimateDiscounts();
    return this;
  }

  #estimateDiscounts(): void {
    for (let k = 1; k <= this.order; k++) {
      const table = this.#tables[k]!;
      const field = k === this.order ? RAW : CC;
      const n = [0, 0, 0, 0, 0];
      for (let e = 0; e < table.size; e++) {
        const c = table.stats[e * WIDTH + field]!;
        if (c >= 1 && c <= 4) n[c]!++;
      }
      const [, n1, n2, n3, n4] = n as [number, number, number, number, number];
      const y = n1 + 2 * n2 > 0 ? n1 / (n1 + 2 * n2) : 0.75;
      const raw = this.modified
        ? [
          n1 > 0 ? 1 - 2 * y * n2 / n1 : y,
          n2 > 0 ? 2 - 3 * y * n3 / n2 : y,
          n3 > 0 ? 3 - 4 * y * n4 / n3 : y,
        ]
        : [y, y, y];
      raw.forEach((d, i) => {
        const limit = i + 1 - 0.05;
        this.#discounts[3 * k + i] = Math.min(limit, Math.max(0.05, Number.isFinite(d) ? d : 0.5));
      });
    }
  }

  /**
   * Adds (`delta` > 0) or removes (`delta` < 0) `|delta|` occurrences of every gram ending at position
   * `t` of `seq`. Continuation counts change only when a gram's raw count moves between 0 and non-zero.
   */
  #add(seq: Int32Array, t: number, delta: number): void {
    const sign = delta > 0 ? 1 : -1;
    const kMax = Math.min(t + 1, this.order);
    for (let k = 1; k <= kMax; k++) {
      const start = t - k + 1;
      const gramTable = this.#tables[k]!;
      const g = gramTable.upsert(seq, start) * WIDTH;
      const gs = gramTable.stats;
      const before = gs[g + RAW]!;
      const after = before + delta;
      gs[g + RAW] = after;
      const ctxTable = this.#tables[k - 1]!;
      const c = ctxTable.upsert(seq, start) * WIDTH;
      const cs = ctxTable.stats;
      cs[c + RAW_TOTAL]! += delta;
      moveBucket(cs, c + RAW_N1, before, after);
      const appeared = delta > 0 && before === 0;
      const vanished = delta < 0 && after === 0;
      if (!appeared && !vanished || k < 2) continue;
      // The suffix gram (drop the oldest token) gained or lost one distinct left neighbour.
      const suffixTable = this.#tables[k - 1]!;
      const s = suffixTable.upsert(seq, start + 1) * WIDTH;
      const ss = suffixTable.stats;
      const ccBefore = ss[s + CC]!;
      ss[s + CC] = ccBefore + sign;
      const suffixCtxTable = this.#tables[k - 2]!;
      const sc = suffixCtxTable.upsert(seq, start + 1) * WIDTH;
      const scs = suffixCtxTable.stats;
      scs[sc + CC_TOTAL]! += sign;
      moveBucket(scs, sc + CC_N1, ccBefore, ccBefore + sign);
    }
  }

  /** Returns `ln P(seq[t] | seq[t-m … t-1])` with `m = min(t, order − 1)`. */
  #logProb(seq: Int32Array, t: number): number {
    const m = Math.min(t, this.order - 1);
    let p = 1 / this.vocabSize;
    for (let j = 0; j <= m; j++) {
      const start = t - j;
      const ctxTable = this.#tables[j]!;
      const c = ctxTable.find(seq, start);
      if (c < 0) continue;
      const top = j === m;
      const total = ctxTable.stats[c * WIDTH + (top ? RAW_TOTAL : CC_TOTAL)]!;
      if (total <= 0) continue;
      const stats = ctxTable.stats, n1 = c * WIDTH + (top ? RAW_N1 : CC_N1);
      const d = this.#discounts, k = 3 * (j + 1);
      const gamma = d[k]! * stats[n1]! + d[k + 1]! * stats[n1 + 1]! + d[k + 2]! * stats[n1 + 2]!;
      const count = this.#tables[j + 1]!.get(seq, start, top ? RAW : CC);
      const discount = count > 0 ? d[k + bucket(count)]! : 0;
      p = (count - discount) / total + (gamma / total) * p;
    }
    return Math.log(p);
  }

  /** Scores each sequence (see the module doc); adapts within a sequence when `adapt` is set. */
  // deno-lint-ignore require-await
  async score(sequences: readonly Int32Array[], options: ScoreOptions = {}): Promise<Float64Array[]> {
    validateSequences(sequences, this.vocabSize);
    const out: Float64Array[] = [];
    for (const seq of sequences) {
      options.signal?.throwIfAborted();
      out.push(this.scoreOne(seq));
    }
    return out;
  }

  /** Synchronous scoring of one sequence (ids are not validated; use `score` for untrusted input). */
  scoreOne(seq: Int32Array): Float64Array {
    const lp = new Float64Array(seq.length);
    for (let t = 0; t < seq.length; t++) {
      lp[t] = this.#logProb(seq, t);
      if (this.adapt) this.#add(seq, t, this.adaptWeight);
    }
    if (this.adapt) { for (let t = seq.length - 1; t >= 0; t--) this.#add(seq, t, -this.adaptWeight); }
    return lp;
  }

  /**
   * Returns the full next-token distribution `P(· | context)` (natural probabilities, length
   * `vocabSize`), using the last `order − 1` tokens of `context`, without adaptation.
   */
  distribution(context: Int32Array): Float64Array {
    validateSequences(context.length ? [context] : [], this.vocabSize);
    const m = Math.min(context.length, this.order - 1);
    const buf = this.#scratch.length >= m + 1 ? this.#scratch : new Int32Array(m + 1);
    buf.set(context.subarray(context.length - m), 0);
    const probs = new Float64Array(this.vocabSize);
    for (let w = 0; w < this.vocabSize; w++) {
      buf[m] = w;
      probs[w] = Math.exp(this.#logProb(buf, m));
    }
    return probs;
  }
}

/**
 * An adaptive interpolated Kneser–Ney n-gram language model, usable as a {@link Scorer}.
 *
 * Training only counts (no optimisation loop). For a context `h` of length `m` the model interpolates
 * down to a uniform distribution over the vocabulary:
 *
 *   P_m(w | h) = max(c(h w) − D, 0) / c(h·) + D · N₁₊(h·) / c(h·) · P_{m−1}(w | h′)
 *
 * where `h′` drops the oldest token of `h`. The longest context uses raw counts; every shorter one uses
 * Kneser–Ney continuation counts (the number of distinct tokens seen before `h′ w`). At the start of a
 * sequence, where fewer than `order − 1` tokens precede position `t`, the longest available context uses
 * raw counts, so position 0 gets the raw unigram distribution (interpolated with uniform). This makes
 * `ln q(x_0 | start)` the stationary unigram probability, not a sentence-initial one.
 *
 * Adaptation: while a sequence is scored, each token's n-grams are added to the counts right after the
 * token is scored, so text that repeats inside the sequence gets cheaper, as in a cache model. The
 * counts are restored when the sequence ends, so sequences are scored independently. Every
 * distribution sums to 1 exactly (up to rounding), with or without adaptation, because each discount is
 * in (0, 1) and every stored count is ≥ 1.
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

/** Statistic fields per table entry: raw count of the gram, continuation count, and context sums. */
const RAW = 0, CC = 1, RAW_TOTAL = 2, RAW_TYPES = 3, CC_TOTAL = 4, CC_TYPES = 5, WIDTH = 6;

/** Options of {@link NgramLanguageModel}. */
export interface NgramOptions {
  /** Longest gram, in tokens (context length + 1). Default 4. */
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
}

/** Interpolated Kneser–Ney n-gram model with within-sequence adaptation. */
export class NgramLanguageModel implements Scorer {
  readonly order: number;
  readonly adapt: boolean;
  readonly adaptWeight: number;
  readonly name: string;
  /** `tables[k]` holds grams of `k` tokens; `tables[0]` holds the single empty gram. */
  readonly #tables: GramTable[] = [];
  /** `#discounts[k]` is the absolute discount applied to k-gram counts. */
  #discounts: Float64Array;
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
    this.#discounts = new Float64Array(order + 1).fill(0.75);
    this.#scratch = new Int32Array(order);
  }

  /** Number of training tokens counted so far. */
  get trainedTokens(): number {
    return this.#trainedTokens;
  }

  /** Absolute discount per gram length `1 … order` (index 0 unused). */
  get discounts(): Float64Array {
    return this.#discounts.slice();
  }

  /**
   * Adds the n-grams of each training sequence (grams never span two sequences), then re-estimates the
   * discounts as `D = n₁ / (n₁ + 2 n₂)` from the counts-of-counts (clamped to [0.1, 0.95]).
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
      let n1 = 0, n2 = 0;
      for (let e = 0; e < table.size; e++) {
        const c = table.stats[e * WIDTH + field]!;
        if (c === 1) n1++;
        else if (c === 2) n2++;
      }
      const d = n1 + 2 * n2 > 0 ? n1 / (n1 + 2 * n2) : 0.75;
      this.#discounts[k] = Math.min(0.95, Math.max(0.1, d));
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
      gs[g + RAW] = before + delta;
      const ctxTable = this.#tables[k - 1]!;
      const c = ctxTable.upsert(seq, start) * WIDTH;
      const cs = ctxTable.stats;
      cs[c + RAW_TOTAL]! += delta;
      const appeared = delta > 0 && before === 0;
      const vanished = delta < 0 && before + delta === 0;
      if (!appeared && !vanished) continue;
      cs[c + RAW_TYPES]! += sign;
      if (k < 2) continue;
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
      if ((sign > 0 && ccBefore === 0) || (sign < 0 && ccBefore === 1)) scs[sc + CC_TYPES]! += sign;
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
      const types = ctxTable.stats[c * WIDTH + (top ? RAW_TYPES : CC_TYPES)]!;
      const count = this.#tables[j + 1]!.get(seq, start, top ? RAW : CC);
      const d = this.#discounts[j + 1]!;
      p = Math.max(count - d, 0) / total + (d * types / total) * p;
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

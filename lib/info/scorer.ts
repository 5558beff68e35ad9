/**
 * The scorer interface: anything that assigns per-token log-probabilities to token sequences (an n-gram
 * model, a TensorFlow.js model, a remote LLM behind a vLLM-compatible server). Bipartite-MI estimators
 * take a `Scorer` and never care which kind it is.
 *
 * Contract of {@link Scorer.score}: for every input sequence `x` of length `n ≥ 1` the output array has
 * length `n`, and
 *
 * - `out[t] = ln q(x_t | start, x_0 … x_{t-1})` for `t ≥ 1`;
 * - `out[0] = ln q(x_0 | start)`: the first token conditioned only on "start of sequence". For an LLM
 *   this is `ln q(x_0 | BOS)`; for an n-gram model it is the probability after an empty history.
 *
 * Every value is a natural log, finite and ≤ 0 (up to rounding). Each sequence is scored independently:
 * no state carries over from one sequence to the next or from one call to the next.
 *
 * Model-backed scorers are created by name through a small registry ({@link registerScorerFactory},
 * {@link createScorer}), so this layer does not import the model layer: the command line imports the
 * model layer's registration module, which calls `registerScorerFactory("model", …)`.
 *
 * @example
 * ```ts
 * import { type Scorer, validateScores } from "@l2m/info/scorer.ts";
 * const uniform: Scorer = {
 *   name: "uniform-4",
 *   vocabSize: 4,
 *   score: (seqs) => Promise.resolve(seqs.map((s) => new Float64Array(s.length).fill(-Math.log(4)))),
 * };
 * const seqs = [Int32Array.of(0, 1, 2)];
 * const out = validateScores(seqs, await uniform.score(seqs), uniform.name);
 * console.assert(Math.abs(out[0]![2]! + Math.log(4)) < 1e-12);
 * ```
 * @module
 */
import type { TokenizerRecord } from "../tokenize/record.ts";
import { InputError } from "../util/errors.ts";

/** Options for one scoring call. */
export interface ScoreOptions {
  /** Aborts the call: remote scorers cancel in-flight requests, local ones stop between sequences. */
  signal?: AbortSignal;
}

/** Assigns per-token natural-log probabilities to token sequences (see the module doc for the contract). */
export interface Scorer {
  /** Human-readable identity, e.g. `ngram:4(moby-dick)` or `http:http://127.0.0.1:8000/v1/completions`. */
  readonly name: string;
  /** Number of token ids the scorer accepts (`0 … vocabSize-1`), when known. */
  readonly vocabSize?: number;
  /** The tokenizer whose ids the scorer expects, when known (a model trained by `l2m train --data text`). */
  readonly tokenizer?: TokenizerRecord;
  /**
   * Scores each sequence independently; `out[i][t] = ln q(seq_i[t] | start, seq_i[0..t-1])`.
   * Resolves to one `Float64Array` per input sequence, of the same length.
   */
  score(sequences: readonly Int32Array[], options?: ScoreOptions): Promise<Float64Array[]>;
}

/** Tolerance above 0 allowed for a log-probability before it counts as invalid (rounding in float32 models). */
const LOG_PROB_SLACK = 1e-4;

/**
 * Checks a scorer's output against its input: one array per sequence, equal lengths, finite values ≤ 0.
 * Returns `scores` unchanged, or throws an `InputError` naming the scorer, the sequence index and the
 * token position of the first bad value.
 */
export function validateScores(
  sequences: readonly Int32Array[],
  scores: readonly Float64Array[],
  scorerName: string,
): Float64Array[] {
  if (scores.length !== sequences.length) {
    throw new InputError(
      `scorer ${scorerName} returned ${scores.length} score arrays for ${sequences.length} sequences`,
    );
  }
  for (let i = 0; i < sequences.length; i++) {
    const seq = sequences[i]!;
    const row = scores[i]!;
    if (row.length !== seq.length) {
      throw new InputError(
        `scorer ${scorerName}: sequence ${i} has ${seq.length} tokens but ${row.length} log-probabilities`,
      );
    }
    for (let t = 0; t < row.length; t++) {
      const v = row[t]!;
      if (!Number.isFinite(v) || v > LOG_PROB_SLACK) {
        throw new InputError(
          `scorer ${scorerName}: invalid log-probability ${v} at sequence ${i}, position ${t} ` +
            `(token id ${seq[t]}): log-probabilities must be finite and ≤ 0; check the model or its input`,
        );
      }
    }
  }
  return scores as Float64Array[];
}

/**
 * Checks token sequences before scoring: non-empty, integer ids in `[0, vocabSize)` when the vocabulary
 * size is known. Throws an `InputError` naming the sequence and position.
 */
export function validateSequences(sequences: readonly Int32Array[], vocabSize?: number): void {
  for (let i = 0; i < sequences.length; i++) {
    const seq = sequences[i]!;
    if (seq.length === 0) {
      throw new InputError(`sequence ${i} is empty: every scored sequence needs ≥ 1 token`);
    }
    if (vocabSize === undefined) continue;
    for (let t = 0; t < seq.length; t++) {
      const id = seq[t]!;
      if (id < 0 || id >= vocabSize) {
        throw new InputError(
          `token id ${id} at sequence ${i}, position ${t} is outside the vocabulary [0, ${vocabSize}): ` +
            `use the tokenizer the scorer was built with`,
        );
      }
    }
  }
}

/** Builds a scorer from the text after the prefix in a spec such as `model:runs/gpt/ckpt`. */
export type ScorerFactory = (argument: string) => Promise<Scorer>;

const FACTORIES = new Map<string, ScorerFactory>();

/**
 * Registers a factory for scorer specs `PREFIX:ARGUMENT`. Registering the same prefix twice replaces the
 * earlier factory (so a module reloaded in a notebook kernel does not fail).
 */
export function registerScorerFactory(prefix: string, factory: ScorerFactory): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(prefix)) {
    throw new InputError(`invalid scorer prefix "${prefix}": use lower-case letters, digits, "-" or "_"`);
  }
  FACTORIES.set(prefix, factory);
}

/** Returns the registered prefixes, sorted. */
export function scorerPrefixes(): string[] {
  return [...FACTORIES.keys()].sort();
}

/**
 * Creates a scorer from a spec `PREFIX:ARGUMENT` (or a bare `PREFIX`, whose argument is then empty)
 * through the registered factories. Throws an `InputError` listing the registered prefixes when none
 * matches.
 */
export async function createScorer(spec: string): Promise<Scorer> {
  const colon = spec.indexOf(":");
  const prefix = colon < 0 ? spec : spec.slice(0, colon);
  const argument = colon < 0 ? "" : spec.slice(colon + 1);
  const factory = FACTORIES.get(prefix);
  if (!factory) {
    const known = scorerPrefixes();
    throw new InputError(
      `unknown scorer "${spec}": registered prefixes are ${known.length ? known.join(", ") : "(none)"}` +
        (prefix === "model" ? "; call registerModelScorer() from lib/train/scorer_factory.ts first" : ""),
    );
  }
  return await factory(argument);
}

/** Scores with `scorer` and validates the result (see {@link validateScores}). */
export async function scoreChecked(
  scorer: Scorer,
  sequences: readonly Int32Array[],
  options?: ScoreOptions,
): Promise<Float64Array[]> {
  validateSequences(sequences, scorer.vocabSize);
  return validateScores(sequences, await scorer.score(sequences, options), scorer.name);
}

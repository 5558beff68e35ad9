/**
 * `l2m tpmi`: two-point mutual information I(d) of a corpus, raw and offset-corrected, as CSV.
 * @module
 */
import { parseArgs } from "node:util";
import type { Command } from "../command.ts";
import { emitCsv, toCsv } from "../csv.ts";
import { InputError } from "../../lib/util/errors.ts";
import { Rng } from "../../lib/util/prng.ts";
import { loadCorpus } from "../../lib/data/catalog.ts";
import { getTokenizer } from "../../lib/tokenize/registry.ts";
import { parseEstimator } from "../../lib/info/entropy.ts";
import { MIN_PAIRS, twoPointMI } from "../../lib/info/two_point.ts";

const DEFAULT_DISTANCES = "1,2,4,8,16,32,64,128,256,512,1024";

const HELP = `usage: deno task l2m tpmi --input PATH|DATASET --tokenizer NAME [options]

Measures the two-point mutual information I(d) = H(X) + H(Y) − H(X,Y) between tokens d apart: pairs are
counted within each document and pooled, and H(X) = H(Y) is the unigram entropy of the corpus. The offset
model I(d) = A·d^(−α) + C (0 < C < min I) is fitted in log space and mi_corrected = mi − C. Writes CSV with
columns d, mi, se, mi_corrected, lower, upper, lower_corrected, upper_corrected, h_x, h_y, h_xy, pairs,
distinct_pairs. All entropies and MI values are in nats; lower/upper bound the confidence interval.

options:
  --input SPEC         catalogue name (moby-dick, sotu, typescript), folder:PATH, pg19:PATH[:split],
                       parquet:PATH[:column], jsonl:PATH[:field], or a path (required)
  --tokenizer NAME     bytes, chars, words, gpt2, cl100k, o200k, or hf:/path/tokenizer.json (required)
  --distances LIST     comma-separated positive integers; default: ${DEFAULT_DISTANCES}
  --estimator NAME     plugin, miller-madow, grassberger, chao-shen; default: grassberger
  --marginals KIND     unigram (H(X) = H(Y) from all tokens) or pair (from the pairs at distance d);
                       default: unigram
  --max-tokens N       use at most N tokens (documents in corpus order, the last one truncated);
                       default: all
  --max-vocab N        vocabulary cap including <unk> for the words and chars tokenizers; default: none
  --bootstrap N        confidence intervals from N document resamples instead of the delta-method
                       standard error (which treats pairs as independent); default: 0 (delta method)
  --level P            confidence level of the intervals; default: 0.95
  --seed N             seed for the bootstrap; default: 0
  --min-pairs N        fewest token pairs a distance needs; fewer is an error, since the estimate
                       and its standard error mean nothing with a handful of pairs; default: ${MIN_PAIRS}
  --out FILE           write the CSV to FILE (atomically) instead of stdout

The fitted offset (A, α, C) is printed to stderr, with a note when C sits at a bound of 0 < C < min I
(at the lower bound the corrected column equals the raw one).

example:
  deno task l2m tpmi --input moby-dick --tokenizer gpt2 --distances 1,2,4,8,16,32,64 --out tpmi.csv`;

/** Parses a comma-separated list of distinct positive integers, sorted ascending; errors name the bad entry. */
export function parseDistances(text: string): number[] {
  const parts = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (parts.length === 0) throw new InputError(`--distances "${text}" is empty: give e.g. 1,2,4,8`);
  const distances = parts.map((p) => {
    const d = Number(p);
    if (!Number.isSafeInteger(d) || d < 1) {
      throw new InputError(`--distances: "${p}" is not a positive integer`);
    }
    return d;
  });
  const duplicate = distances.find((d, i) => distances.indexOf(d) !== i);
  if (duplicate !== undefined) {
    throw new InputError(`--distances "${text}" lists ${duplicate} twice: give each distance once`);
  }
  return distances.sort((a, b) => a - b);
}

function positiveInteger(option: string, value: string | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new InputError(`${option} "${value}" is not a ${allowZero ? "non-negative" : "positive"} integer`);
  }
  return n;
}

export const tpmiCommand: Command = {
  name: "tpmi",
  summary: "two-point mutual information I(d) of a corpus (nats), raw and bias-corrected",
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        input: { type: "string" },
        tokenizer: { type: "string" },
        distances: { type: "string", default: DEFAULT_DISTANCES },
        estimator: { type: "string", default: "grassberger" },
        marginals: { type: "string", default: "unigram" },
        "max-tokens": { type: "string" },
        "max-vocab": { type: "string" },
        bootstrap: { type: "string", default: "0" },
        level: { type: "string", default: "0.95" },
        seed: { type: "string", default: "0" },
        "min-pairs": { type: "string" },
        out: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.input) throw new InputError("missing --input PATH|DATASET");
    if (!values.tokenizer) throw new InputError("missing --tokenizer NAME (e.g. bytes, gpt2)");
    const distances = parseDistances(values.distances);
    const estimator = parseEstimator(values.estimator);
    if (values.marginals !== "unigram" && values.marginals !== "pair") {
      throw new InputError(`--marginals "${values.marginals}" is invalid: use unigram or pair`);
    }
    const maxTokens = positiveInteger("--max-tokens", values["max-tokens"]) ?? Infinity;
    const maxVocab = positiveInteger("--max-vocab", values["max-vocab"]);
    const resamples = positiveInteger("--bootstrap", values.bootstrap, true)!;
    const seed = positiveInteger("--seed", values.seed, true)!;
    const minPairs = positiveInteger("--min-pairs", values["min-pairs"]) ?? MIN_PAIRS;
    const level = Number(values.level);
    if (!(level > 0 && level < 1)) throw new InputError(`--level "${values.level}" must be between 0 and 1`);

    const corpus = await loadCorpus(values.input);
    const texts = corpus.documents.map((d) => d.text);
    const tokenizer = await getTokenizer(values.tokenizer, { corpus: texts, maxVocab });
    const streams: Int32Array[] = [];
    let used = 0;
    for (const text of texts) {
      if (used >= maxTokens) break;
      let ids = tokenizer.encode(text);
      if (used + ids.length > maxTokens) ids = ids.subarray(0, maxTokens - used);
      streams.push(ids);
      used += ids.length;
    }
    const result = twoPointMI(streams, distances, {
      estimator,
      marginals: values.marginals,
      level,
      bootstrap: resamples > 0 ? { rng: new Rng(seed), resamples } : undefined,
      minPairs,
    });
    console.error(
      `tpmi: ${corpus.name}, ${streams.length} documents, ${result.tokens} ${tokenizer.name} tokens, ` +
        `${estimator} entropies, ${result.ciMethod} intervals at ${level}`,
    );
    if (result.offset) {
      const f = result.offset;
      console.error(
        `tpmi: offset fit I(d) = ${f.A.toPrecision(4)}·d^(−${f.alpha.toPrecision(4)}) + ${
          f.C.toPrecision(4)
        } nats`,
      );
      if (result.offsetNote) console.error(`tpmi: note: ${result.offsetNote}`);
    } else {
      console.error("tpmi: no offset fit (needs at least 3 distances with I > 0); mi_corrected is NaN");
    }
    const rows = result.rows.map((r) => [
      r.d,
      r.mi,
      r.se,
      r.miCorrected,
      r.lower,
      r.upper,
      r.lowerCorrected,
      r.upperCorrected,
      r.hX,
      r.hY,
      r.hXY,
      r.pairs,
      r.distinctPairs,
    ]);
    const header = [
      "d",
      "mi",
      "se",
      "mi_corrected",
      "lower",
      "upper",
      "lower_corrected",
      "upper_corrected",
      "h_x",
      "h_y",
      "h_xy",
      "pairs",
      "distinct_pairs",
    ];
    await emitCsv(toCsv(header, rows), values.out);
    return 0;
  },
};

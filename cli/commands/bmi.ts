/**
 * `l2m bmi`: bipartite mutual information of a corpus at several lengths, from any scorer, as CSV.
 * @module
 */
import { parseArgs } from "node:util";
import type { Command } from "../command.ts";
import { InputError } from "../../lib/util/errors.ts";
import { writeFileAtomic } from "../../lib/util/atomic.ts";
import { loadCorpus } from "../../lib/data/catalog.ts";
import { getTokenizer, tokenizerMismatch, tokenizerRecord } from "../../lib/tokenize/mod.ts";
import { type BmiEstimate, type BmiEstimator, estimateBmi, fitBmiPowerLaw } from "../../lib/info/bmi.ts";
import {
  correctionFor,
  prepareBmiSamples,
  trainNgramScorer,
  vclubPartners,
} from "../../lib/info/bmi_corpus.ts";
import { HttpScorer } from "../../lib/info/http_scorer.ts";
import type { Scorer } from "../../lib/info/scorer.ts";
import { createCliScorer } from "../scorers.ts";

const HELP =
  `usage: deno task l2m bmi --input PATH|DATASET --tokenizer NAME --scorer SPEC --lengths L1,L2,… [options]

Estimates the bipartite mutual information I(X;Y) between the first ℓ = L/ratio tokens and the
remaining L − ℓ tokens of sentence-aligned samples, and writes CSV with the columns
L,ell,bmi,se,n,estimator (values in nats; se = standard error of the mean over samples).
A fraction of the documents (--eval-fraction) is evaluated; the rest trains the n-gram scorer and
gives the 2-gram entropy of the start-of-Y correction.

input:
  --input SPEC         corpus: catalogue name (moby-dick, sotu, typescript), a file or folder path,
                       pg19:PATH[:split], parquet:PATH[:column] or jsonl:PATH[:field]
  --tokenizer NAME     bytes, chars, words, gpt2, cl100k, o200k or hf:/path/tokenizer.json   [gpt2]
  --lengths LIST       comma-separated total lengths L in tokens, e.g. 16,32,64,128
  --ratio R            L/ℓ, e.g. 2 (equal split), 3 or 4                                      [2]
  --samples N          use at most N samples                                                  [all]
  --eval-fraction F    fraction of documents held out for evaluation                         [0.2]
  --seed N             seed for the split, sampling and vCLUB pairing                         [0]

scorer:
  --scorer SPEC        ngram[:ORDER] (adaptive Kneser–Ney trained on the training documents, order 4),
                       http:URL (a vLLM-compatible /v1/completions server), or model:PATH
                       (a text checkpoint folder from "l2m train --data text --checkpoint DIR") [ngram]
  --model NAME         http: served model name (default: the first from GET /v1/models)
  --bos ID             http: BOS token id prepended to every sequence (required for http:)
  --batch N            sequences per scoring call / HTTP request                              [16]
  --timeout S          http: per-request timeout in seconds                                   [120]
  API keys for http: come from L2M_API_KEY or OPENAI_API_KEY and are never printed.

estimator:
  --estimator NAME     direct or vclub                                                        [direct]
  --correction MODE    direct: 2-gram start-of-Y correction (weight 1/5 on the model): on, off,
                       or auto = on for http:/model: scorers, whose first Y tokens are scored as if
                       they began a text, off for ngram, whose position 0 is the stationary unigram [auto]
  --vclub-swap x|y     vclub: product-of-marginals term scores a foreign prefix before each sample's
                       own continuation (x, smaller SE) or the sample's prefix before a foreign
                       continuation (y, the official L²M code); same expectation                 [x]
  --fit                also print the power-law fit A·L^β with a 95 % bootstrap CI to stderr

output:
  --out FILE           write the CSV to FILE (atomically) instead of stdout

example:
  deno task l2m bmi --input moby-dick --tokenizer gpt2 --scorer ngram:4 --lengths 16,32,64,128,256`;

/** Parses `--lengths`: distinct integers ≥ 2, returned in ascending order. */
export function parseLengths(value: string): number[] {
  const list = value.split(",").map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isSafeInteger(n) || n < 2)) {
    throw new InputError(`--lengths must be comma-separated integers ≥ 2, got "${value}"`);
  }
  const duplicate = list.find((n, i) => list.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new InputError(`--lengths "${value}" lists ${duplicate} twice: give each length once`);
  }
  return list.sort((a, b) => a - b);
}

/**
 * Checks a `--scorer` spec before the corpus is loaded, so a typo fails at once rather than after
 * minutes of tokenising.
 */
export function checkScorerSpec(spec: string, bos: string | undefined): void {
  if (spec === "ngram" || spec.startsWith("ngram:")) {
    const order = spec === "ngram" ? 4 : Number(spec.slice(6));
    if (!Number.isInteger(order) || order < 1) {
      throw new InputError(`invalid n-gram order in --scorer "${spec}": use e.g. ngram:4`);
    }
  } else if (spec.startsWith("http:")) {
    if (bos === undefined) {
      throw new InputError("--bos is required with an http: scorer: pass the served model's BOS token id");
    }
  } else if (!spec.startsWith("model:") || spec.length === 6) {
    throw new InputError(`unknown --scorer "${spec}": use ngram[:ORDER], http:URL or model:PATH`);
  }
}

function parseNumber(name: string, value: string | undefined, fallback: number, integer = true): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
    throw new InputError(
      `--${name} must be a non-negative ${integer ? "integer" : "number"}, got "${value}"`,
    );
  }
  return n;
}

/** Formats estimates as the command's CSV. */
export function bmiCsv(estimates: readonly BmiEstimate[]): string {
  const rows = estimates.map((e) => `${e.L},${e.ell},${e.mean},${e.se},${e.n},${e.estimator}`);
  return ["L,ell,bmi,se,n,estimator", ...rows].join("\n") + "\n";
}

export const bmiCommand: Command = {
  name: "bmi",
  summary: "bipartite mutual information of a corpus against L (direct or vCLUB), as CSV",
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        input: { type: "string" },
        tokenizer: { type: "string", default: "gpt2" },
        scorer: { type: "string", default: "ngram" },
        lengths: { type: "string" },
        ratio: { type: "string" },
        estimator: { type: "string", default: "direct" },
        correction: { type: "string", default: "auto" },
        samples: { type: "string" },
        "eval-fraction": { type: "string" },
        seed: { type: "string" },
        model: { type: "string" },
        bos: { type: "string" },
        batch: { type: "string" },
        timeout: { type: "string" },
        "vclub-swap": { type: "string", default: "x" },
        fit: { type: "boolean", default: false },
        out: { type: "string" },
      },
    });
    if (!values.input) {
      throw new InputError("missing --input: give a corpus name or path, e.g. --input moby-dick");
    }
    if (!values.lengths) throw new InputError("missing --lengths: give e.g. --lengths 16,32,64,128");
    const lengths = parseLengths(values.lengths);
    const ratio = parseNumber("ratio", values.ratio, 2, false);
    if (!(ratio > 1)) {
      throw new InputError(`invalid --ratio ${values.ratio}: use a number > 1 (the paper uses 2, 3, 4)`);
    }
    checkScorerSpec(values.scorer, values.bos);
    const estimator = values.estimator as BmiEstimator;
    if (estimator !== "direct" && estimator !== "vclub") {
      throw new InputError(`invalid --estimator "${values.estimator}": use direct or vclub`);
    }
    if (!["on", "off", "auto"].includes(values.correction)) {
      throw new InputError(`invalid --correction "${values.correction}": use on, off or auto`);
    }
    const swap = values["vclub-swap"];
    if (swap !== "x" && swap !== "y") throw new InputError(`invalid --vclub-swap "${swap}": use x or y`);
    const seed = parseNumber("seed", values.seed, 0);
    const batchSize = parseNumber("batch", values.batch, 16);
    if (batchSize < 1) throw new InputError(`--batch must be at least 1, got "${values.batch}"`);
    const timeoutSeconds = parseNumber("timeout", values.timeout, 120, false);
    if (timeoutSeconds <= 0) {
      throw new InputError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
    }
    const evalFraction = parseNumber("eval-fraction", values["eval-fraction"], 0.2, false);
    const maxSamples = values.samples === undefined ? undefined : parseNumber("samples", values.samples, 0);

    const corpus = await loadCorpus(values.input);
    const tokenizer = await getTokenizer(values.tokenizer, {
      corpus: values.tokenizer === "words" || values.tokenizer === "chars"
        ? corpus.documents.map((d) => d.text)
        : undefined,
    });
    const prepared = prepareBmiSamples(corpus, tokenizer, {
      maxLength: Math.max(...lengths),
      evalFraction,
      maxSamples,
      seed,
    });
    console.error(
      `bmi: ${prepared.samples.length} samples of ${Math.max(...lengths)} ${tokenizer.name} tokens from ` +
        `${prepared.documentIds.length} documents; ${prepared.trainTokens} training tokens`,
    );

    const spec = values.scorer;
    let scorer: Scorer;
    if (spec === "ngram" || spec.startsWith("ngram:")) {
      const order = spec === "ngram" ? 4 : Number(spec.slice(6));
      if (!Number.isInteger(order) || order < 1) {
        throw new InputError(`invalid n-gram order in --scorer "${spec}"`);
      }
      scorer = trainNgramScorer(prepared, tokenizer.vocabSize, { order, label: corpus.name });
    } else if (spec.startsWith("http:")) {
      if (values.bos === undefined) {
        throw new InputError("--bos is required with an http: scorer: pass the served model's BOS token id");
      }
      scorer = new HttpScorer({
        url: spec.slice(5),
        model: values.model,
        bosTokenId: parseNumber("bos", values.bos, 0),
        batchSize,
        timeoutSeconds,
      });
    } else {
      scorer = await createCliScorer(spec);
    }

    // A trained checkpoint records its tokenizer: ids from another vocabulary would be scored silently.
    if (scorer.tokenizer) {
      const mismatch = tokenizerMismatch(scorer.tokenizer, await tokenizerRecord(tokenizer));
      if (mismatch) {
        throw new InputError(
          `--scorer ${spec} was trained on other token ids: ${mismatch}. Pass the --tokenizer it was ` +
            "trained with; chars and words build their vocabulary from the corpus, so also the same corpus",
        );
      }
    }
    const isNgram = spec === "ngram" || spec.startsWith("ngram:");
    const correct = values.correction === "on" || (values.correction === "auto" && !isNgram);
    const correction = estimator === "direct" && correct ? correctionFor(prepared) : null;
    let partner: Int32Array | undefined;
    if (estimator === "vclub") {
      const pairing = vclubPartners(prepared, seed);
      partner = pairing.partner;
      if (!pairing.acrossDocuments) {
        console.error(
          "bmi: over half the samples share a document, so some vCLUB pairs come from one document",
        );
      }
    }
    const estimates = await estimateBmi(scorer, prepared.samples, {
      lengths,
      ratio,
      estimator,
      correction,
      partner,
      swap,
      seed,
      batchSize,
      onProgress: (e) =>
        console.error(`bmi: L = ${e.L}, ℓ = ${e.ell}: ${e.mean.toFixed(4)} ± ${e.se.toFixed(4)} nats`),
    });
    if (values.fit) {
      if (estimates.length >= 2 && estimates.every((e) => e.mean > 0)) {
        const fit = fitBmiPowerLaw(estimates, { documentOf: prepared.documentOf, seed });
        console.error(
          `bmi: fit ${fit.A.toFixed(3)}·L^${fit.beta.toFixed(3)}, β 95 % CI [${fit.betaLower.toFixed(3)}, ` +
            `${fit.betaUpper.toFixed(3)}] over ${fit.units} documents`,
        );
      } else {
        console.error("bmi: no power-law fit: it needs ≥ 2 lengths with positive BMI");
      }
    }
    const csv = bmiCsv(estimates);
    if (values.out) await writeFileAtomic(values.out, csv);
    else await Deno.stdout.write(new TextEncoder().encode(csv));
    return 0;
  },
};

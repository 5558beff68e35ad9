/**
 * The bipartite-MI measurement protocol on a text corpus, shared by `l2m bmi` and the notebooks:
 *
 * 1. Documents are split at random (seeded) into a held-out training part, which trains the n-gram
 *    scorer and supplies the 2-gram entropy of the start-of-Y correction, and an evaluation part.
 * 2. Evaluation documents are chunked at sentence boundaries into runs of at least `minWords` words
 *    (so every sample starts at a sentence, as in the L²M code), tokenized, and chunks with at least
 *    `maxLength` tokens give one sample each: their first `maxLength` tokens.
 * 3. Each sample remembers its source document, so a bootstrap over documents gives honest intervals.
 *
 * @module
 */
import { chunkCorpus } from "../data/chunk.ts";
import type { Corpus } from "../data/types.ts";
import type { Tokenizer } from "../tokenize/types.ts";
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/prng.ts";
import { pairAcrossDocuments } from "../data/sample.ts";
import { derangement, type StartCorrection, startCorrectionFromTokens } from "./bmi.ts";
import { NgramLanguageModel, type NgramOptions } from "./ngram_lm.ts";

/** Options of {@link prepareBmiSamples}. */
export interface PrepareOptions {
  /** Tokens per sample: the largest `L` to be measured. */
  maxLength: number;
  /** Fraction of documents held out for evaluation; default 0.2. */
  evalFraction?: number;
  /** Keep at most this many samples (the first ones in a seeded shuffle); default all. */
  maxSamples?: number;
  /** Words per chunk; default estimated from the corpus so that chunks reach `maxLength` tokens. */
  minWords?: number;
  seed?: number;
  /**
   * Token ids of every document of the corpus, in corpus order, when already computed (saves encoding
   * the training documents a second time). Must come from the same tokenizer.
   */
  tokens?: readonly Int32Array[];
}

/** Samples and training streams for one corpus. */
export interface BmiSamples {
  /** Token streams of the training documents (whole documents). */
  train: Int32Array[];
  /** Evaluation samples, `maxLength` tokens each, each starting at a sentence boundary. */
  samples: Int32Array[];
  /** Index of the source document of each sample (for the bootstrap). */
  documentOf: Int32Array;
  /** Ids of those source documents, indexed by `documentOf`. */
  documentIds: string[];
  /** Words per chunk used. */
  minWords: number;
  /** Tokens in the training part. */
  trainTokens: number;
}

/**
 * Splits `corpus` into training streams and evaluation samples (see the module doc). Throws an
 * `InputError` when the corpus has fewer than 2 documents or yields fewer than 2 samples.
 */
export function prepareBmiSamples(corpus: Corpus, tokenizer: Tokenizer, options: PrepareOptions): BmiSamples {
  const { maxLength } = options;
  const evalFraction = options.evalFraction ?? 0.2;
  if (!Number.isInteger(maxLength) || maxLength < 2) {
    throw new InputError(`invalid maximum length ${maxLength}: use an integer ≥ 2 tokens`);
  }
  if (!(evalFraction > 0 && evalFraction < 1)) {
    throw new InputError(`invalid evaluation fraction ${evalFraction}: use a value in (0, 1)`);
  }
  if (options.tokens && options.tokens.length !== corpus.documents.length) {
    throw new InputError(
      `${options.tokens.length} token arrays given for the ${corpus.documents.length} documents of ${corpus.name}`,
    );
  }
  const encoded = new Map(corpus.documents.map((d, i) => [d, options.tokens?.[i]]));
  const docs = corpus.documents.filter((d) => d.text.trim() !== "");
  if (docs.length < 2) {
    throw new InputError(
      `corpus ${corpus.name} has ${docs.length} non-empty document(s); BMI needs ≥ 2 (one to train, one to evaluate)`,
    );
  }
  const rng = new Rng(options.seed ?? 0);
  const order = rng.fork("split").shuffle(docs.map((_, i) => i));
  const nEval = Math.min(docs.length - 1, Math.max(1, Math.round(docs.length * evalFraction)));
  const evalDocs = order.slice(0, nEval).sort((a, b) => a - b).map((i) => docs[i]!);
  const trainDocs = order.slice(nEval).sort((a, b) => a - b).map((i) => docs[i]!);
  const train = trainDocs.map((d) => encoded.get(d) ?? tokenizer.encode(d.text));
  const trainTokens = train.reduce((s, t) => s + t.length, 0);

  let minWords = options.minWords;
  if (minWords === undefined) {
    const words = trainDocs.reduce((s, d) => s + (d.text.match(/\S+/g)?.length ?? 0), 0);
    const tokensPerWord = words > 0 ? trainTokens / words : 1;
    minWords = Math.max(1, Math.ceil((maxLength / tokensPerWord) * 1.15));
  }
  let chunks: Corpus;
  try {
    chunks = chunkCorpus({ name: corpus.name, documents: evalDocs }, minWords);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      `corpus ${corpus.name}: no evaluation document reaches ${minWords} words, which ${maxLength}-token ` +
        `samples need; use smaller lengths or a larger evaluation fraction`,
    );
  }
  const documentIds = evalDocs.map((d) => d.id);
  const samples: Int32Array[] = [];
  const docIndex: number[] = [];
  for (const chunk of chunks.documents) {
    const tokens = tokenizer.encode(chunk.text);
    if (tokens.length < maxLength) continue;
    samples.push(tokens.slice(0, maxLength));
    docIndex.push(documentIds.indexOf(String(chunk.meta?.document ?? "")));
  }
  let keep = samples.map((_, i) => i);
  if (options.maxSamples !== undefined && options.maxSamples < samples.length) {
    keep = rng.fork("samples").shuffle(keep).slice(0, options.maxSamples).sort((a, b) => a - b);
  }
  if (keep.length < 2) {
    throw new InputError(
      `corpus ${corpus.name} gives ${keep.length} sample(s) of ${maxLength} tokens from its evaluation ` +
        `documents; use smaller lengths, a larger evaluation fraction or a larger corpus`,
    );
  }
  return {
    train,
    samples: keep.map((i) => samples[i]!),
    documentOf: Int32Array.from(keep, (i) => docIndex[i]!),
    documentIds,
    minWords,
    trainTokens,
  };
}

/** Trains the adaptive n-gram scorer on the training streams of `prepared`. */
export function trainNgramScorer(
  prepared: BmiSamples,
  vocabSize: number,
  options: NgramOptions = {},
): NgramLanguageModel {
  return new NgramLanguageModel(vocabSize, options).train(prepared.train);
}

/** Builds the start-of-Y correction from the training streams (2-gram Grassberger entropy). */
export function correctionFor(prepared: BmiSamples, modelWeight = 0.2): Required<StartCorrection> {
  return startCorrectionFromTokens(prepared.train, modelWeight);
}

/**
 * Returns vCLUB partners: each sample gets the `Y` of a sample from a different document, so the pairs
 * approximate draws from `p_X ⊗ p_Y`. When more than half the samples come from one document no such
 * pairing exists, and a plain derangement is returned with `acrossDocuments: false`.
 */
export function vclubPartners(
  prepared: BmiSamples,
  seed = 0,
): { partner: Int32Array; acrossDocuments: boolean } {
  const rng = new Rng(seed).fork("vclub-pairing");
  try {
    return { partner: pairAcrossDocuments(prepared.documentOf, rng), acrossDocuments: true };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { partner: derangement(prepared.samples.length, rng), acrossDocuments: false };
  }
}

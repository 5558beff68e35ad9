/**
 * Sentence-boundary chunking, as in the L²M measurement protocol: split a document into sentences,
 * accumulate them greedily until the running whitespace word count reaches `minWords`, then emit a chunk.
 * Every chunk therefore starts at a sentence boundary. As in the authors' code, the trailing partial chunk
 * of each document is dropped (pass `keepTail` to keep it), so a document shorter than `minWords` yields
 * nothing.
 *
 * @example
 * ```ts
 * import { chunkText } from "@l2m/data/chunk.ts";
 * const chunks = chunkText("One two. Three four five. Six.", 3);
 * console.assert(chunks.length === 1 && chunks[0] === "One two. Three four five.");
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import type { Corpus, TextDocument } from "./types.ts";

// Abbreviations after which a period does not end a sentence (lower-cased, without the period).
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "sr",
  "jr",
  "vs",
  "etc",
  "e.g",
  "i.e",
  "no",
  "vol",
  "fig",
  "gen",
  "col",
  "capt",
  "lt",
  "rev",
  "hon",
  "messrs",
  "mt",
  "ft",
  "ch",
  "pp",
  "cf",
  "al",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "u.s",
  "a.m",
  "p.m",
]);

/**
 * Splits text into sentences. A sentence ends at `.`, `!` or `?` (optionally followed by closing quotes or
 * brackets) when whitespace and then an upper-case letter, digit, quote or bracket follow, or at a blank
 * line. A period after a known abbreviation or a single capital initial (J. Smith) does not end a sentence.
 *
 * NOTE: a rule-based approximation of NLTK's Punkt `sent_tokenize`, which the L²M authors used; the two
 * disagree on rare abbreviations, so chunk boundaries may differ slightly from theirs.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const boundary = /([.!?]+["'’”)\]]*)(\s+)(?=["'‘“(\[]?[\p{Lu}\p{N}])|\n\s*\n/gu;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + (m[1]?.length ?? 0);
    if (m[1] && m[1].startsWith(".") && m[1].length === 1) {
      const last = /(\S+)$/.exec(text.slice(start, m.index))?.[1] ?? "";
      if (ABBREVIATIONS.has(last.toLowerCase()) || /^\p{Lu}$/u.test(last)) continue;
    }
    const sentence = text.slice(start, m[1] ? end : m.index).trim();
    if (sentence) sentences.push(sentence);
    start = m.index + m[0].length;
  }
  const tail = text.slice(start).trim();
  if (tail) sentences.push(tail);
  return sentences;
}

const wordCount = (s: string): number => s.match(/\S+/gu)?.length ?? 0;

/** Chunks one text into runs of whole sentences with at least `minWords` whitespace words each. */
export function chunkText(text: string, minWords: number, keepTail = false): string[] {
  if (!Number.isInteger(minWords) || minWords < 1) {
    throw new InputError(`chunking: minWords must be a positive integer, got ${minWords}`);
  }
  const chunks: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const sentence of splitSentences(text)) {
    current.push(sentence);
    words += wordCount(sentence);
    if (words >= minWords) {
      chunks.push(current.join(" "));
      current = [];
      words = 0;
    }
  }
  if (keepTail && current.length > 0) chunks.push(current.join(" "));
  return chunks;
}

/**
 * Chunks every document of a corpus; chunk ids are `<document id>#<k>` with `meta.document` and
 * `meta.chunk` set. Throws `InputError` when no document is long enough to give a chunk.
 */
export function chunkCorpus(corpus: Corpus, minWords: number, keepTail = false): Corpus {
  const documents: TextDocument[] = [];
  for (const doc of corpus.documents) {
    chunkText(doc.text, minWords, keepTail).forEach((text, k) => {
      documents.push({ id: `${doc.id}#${k}`, text, meta: { ...doc.meta, document: doc.id, chunk: k } });
    });
  }
  if (documents.length === 0) {
    throw new InputError(
      `chunking ${corpus.name}: no document reaches ${minWords} words, so no chunk was produced; lower minWords`,
    );
  }
  return { name: `${corpus.name} (chunks of ≥${minWords} words)`, documents };
}

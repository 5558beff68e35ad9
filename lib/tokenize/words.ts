/**
 * Whitespace word tokenizer: a word is a maximal run of non-whitespace characters (`/\S+/gu`), so
 * punctuation stays attached ("whale," and "whale" are different words). The vocabulary is built from a
 * corpus: id 0 is `<unk>`, ids 1… are words by descending frequency (ties in code-unit order), capped by
 * `maxVocab`. Decoding joins words with single spaces, so whitespace layout is not preserved.
 *
 * @example
 * ```ts
 * import { wordsTokenizer } from "@l2m/tokenize/words.ts";
 * const t = wordsTokenizer({ corpus: ["the whale the sea"] });
 * console.assert(t.encode("the ship")[1] === 0); // "ship" is <unk>
 * console.assert(t.decode(t.encode("the  sea")) === "the sea");
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import { checkId, type Tokenizer } from "./types.ts";

/** Options of {@link wordsTokenizer}. */
export interface WordsOptions {
  /** Texts that define the vocabulary. */
  corpus: Iterable<string>;
  /** Maximum vocabulary size including `<unk>`; default unlimited. */
  maxVocab?: number;
  /** Lower-case text before splitting (default false). */
  lowercase?: boolean;
}

/** The id of the unknown-word token in {@link wordsTokenizer}. */
export const UNK_ID = 0;

/** Builds a whitespace word tokenizer with a vocabulary from `options.corpus`. */
export function wordsTokenizer(options: WordsOptions): Tokenizer {
  const maxVocab = options.maxVocab ?? Infinity;
  if (!(maxVocab >= 2)) {
    throw new InputError(`words: maxVocab must be at least 2 (<unk> + one word), got ${maxVocab}`);
  }
  const lowercase = options.lowercase ?? false;
  const split = (text: string): string[] => (lowercase ? text.toLowerCase() : text).match(/\S+/gu) ?? [];

  const counts = new Map<string, number>();
  for (const text of options.corpus) {
    for (const w of split(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  if (counts.size === 0) {
    throw new InputError("words: the corpus used to build the vocabulary contains no words");
  }
  const kept = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxVocab - 1);
  const words = ["<unk>", ...kept.map(([w]) => w)];
  const idOf = new Map<string, number>(words.map((w, i) => [w, i]));
  idOf.delete("<unk>");
  const vocabSize = words.length;

  return {
    name: "words",
    vocabSize,
    encode(text: string): Int32Array {
      const ws = split(text);
      const out = new Int32Array(ws.length);
      for (let i = 0; i < ws.length; i++) out[i] = idOf.get(ws[i]!) ?? UNK_ID;
      return out;
    },
    decode(ids: ArrayLike<number>): string {
      const parts: string[] = [];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        checkId("words", id, vocabSize);
        parts.push(words[id]!);
      }
      return parts.join(" ");
    },
  };
}

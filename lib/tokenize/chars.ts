/**
 * Unicode code-point tokenizer, in two modes:
 *
 * - **full range** (no corpus): the id is the code point itself, vocabulary 0x110000 (1,114,112). Every
 *   string round-trips, but most ids never occur, which inflates nothing in the estimators (they count only
 *   observed symbols) but wastes memory in any dense per-id table.
 * - **corpus vocabulary**: id 0 is `<unk>` and ids 1… are the code points seen in the corpus, most frequent
 *   first (ties by code point), optionally capped by `maxVocab`. Unseen characters encode to 0 and decode to
 *   U+FFFD.
 *
 * @example
 * ```ts
 * import { charsTokenizer } from "@l2m/tokenize/chars.ts";
 * const t = charsTokenizer({ corpus: ["abba"] });
 * console.assert(t.vocabSize === 3 && t.encode("abz")[2] === 0);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import { checkId, type Tokenizer } from "./types.ts";

/** Options of {@link charsTokenizer}. */
export interface CharsOptions {
  /** Texts whose code points form the vocabulary; omit for the full Unicode range. */
  corpus?: Iterable<string>;
  /** Maximum vocabulary size including `<unk>` (corpus mode only). */
  maxVocab?: number;
}

const UNICODE_SIZE = 0x110000;

/** Returns a code-point tokenizer; see the module documentation for the two modes. */
export function charsTokenizer(options: CharsOptions = {}): Tokenizer {
  if (!options.corpus) {
    return {
      name: "chars",
      vocabSize: UNICODE_SIZE,
      encode(text: string): Int32Array {
        const out = new Int32Array(text.length);
        let n = 0;
        for (const ch of text) out[n++] = ch.codePointAt(0)!;
        return out.slice(0, n);
      },
      decode(ids: ArrayLike<number>): string {
        let s = "";
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i]!;
          checkId("chars", id, UNICODE_SIZE);
          s += String.fromCodePoint(id);
        }
        return s;
      },
    };
  }

  const maxVocab = options.maxVocab ?? Infinity;
  if (!(maxVocab >= 2)) {
    throw new InputError(`chars: maxVocab must be at least 2 (<unk> + one symbol), got ${maxVocab}`);
  }
  const counts = new Map<number, number>();
  for (const text of options.corpus) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      counts.set(cp, (counts.get(cp) ?? 0) + 1);
    }
  }
  const kept = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxVocab - 1);
  const idOf = new Map<number, number>();
  const codePoints = new Int32Array(kept.length + 1);
  codePoints[0] = 0xfffd;
  kept.forEach(([cp], i) => {
    idOf.set(cp, i + 1);
    codePoints[i + 1] = cp;
  });
  const vocabSize = kept.length + 1;
  return {
    name: "chars",
    vocabSize,
    encode(text: string): Int32Array {
      const out = new Int32Array(text.length);
      let n = 0;
      for (const ch of text) out[n++] = idOf.get(ch.codePointAt(0)!) ?? 0;
      return out.slice(0, n);
    },
    decode(ids: ArrayLike<number>): string {
      let s = "";
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        checkId("chars", id, vocabSize);
        s += String.fromCodePoint(codePoints[id]!);
      }
      return s;
    },
  };
}

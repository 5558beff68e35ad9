/**
 * `getTokenizer(name)`: every tokenizer by its registry name.
 *
 * @example
 * ```ts
 * import { getTokenizer } from "@l2m/tokenize/registry.ts";
 * const t = await getTokenizer("bytes");
 * console.assert(t.vocabSize === 256);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import { BPE_NAMES, type BpeName, bpeTokenizer } from "./bpe.ts";
import { bytesTokenizer } from "./bytes.ts";
import { charsTokenizer } from "./chars.ts";
import { hfTokenizer } from "./hf.ts";
import type { Tokenizer } from "./types.ts";
import { wordsTokenizer } from "./words.ts";

/** The names {@link getTokenizer} accepts; `hf:PATH` takes a path to a `tokenizer.json`. */
export const TOKENIZER_NAMES = ["bytes", "chars", "words", ...BPE_NAMES, "hf:/path/tokenizer.json"] as const;

/** Options of {@link getTokenizer}. */
export interface GetTokenizerOptions {
  /**
   * Texts that define the vocabulary: required by `words`; optional for `chars` (without it `chars` uses
   * the full Unicode range); ignored by the others.
   */
  corpus?: Iterable<string>;
  /** Maximum vocabulary size including `<unk>` for `words` and corpus-mode `chars`. */
  maxVocab?: number;
}

/**
 * Returns the tokenizer called `name`: `bytes`, `chars`, `words`, `gpt2`, `cl100k`, `o200k` or
 * `hf:/path/tokenizer.json`. Throws `InputError` listing the valid names for anything else.
 */
export async function getTokenizer(name: string, options: GetTokenizerOptions = {}): Promise<Tokenizer> {
  if (name === "bytes") return bytesTokenizer();
  if (name === "chars") return charsTokenizer({ corpus: options.corpus, maxVocab: options.maxVocab });
  if (name === "words") {
    if (!options.corpus) {
      throw new InputError("tokenizer words needs a corpus to build its vocabulary (pass options.corpus)");
    }
    return wordsTokenizer({ corpus: options.corpus, maxVocab: options.maxVocab });
  }
  if ((BPE_NAMES as readonly string[]).includes(name)) return await bpeTokenizer(name as BpeName);
  if (name.startsWith("hf:")) {
    const path = name.slice(3);
    if (!path) throw new InputError('tokenizer "hf:" needs a path, e.g. hf:/models/llama/tokenizer.json');
    return await hfTokenizer(path);
  }
  throw new InputError(`unknown tokenizer "${name}"; valid names: ${TOKENIZER_NAMES.join(", ")}`);
}

/**
 * The tokenizer interface shared by every token source: corpora become `Int32Array` id streams, and the
 * information estimators only see ids in `[0, vocabSize)`.
 * @module
 */

/** Maps text to token ids and back. Ids are integers in `[0, vocabSize)`. */
export interface Tokenizer {
  /** Registry name (`bytes`, `chars`, `words`, `gpt2`, `cl100k`, `o200k`, `hf:/path/tokenizer.json`). */
  readonly name: string;
  /** Number of distinct ids, i.e. one more than the largest id `encode` can return. */
  readonly vocabSize: number;
  /** Encodes text without adding special tokens (no BOS/EOS). */
  encode(text: string): Int32Array;
  /** Decodes ids back to text; ids outside the vocabulary throw a `RangeError`. */
  decode(ids: ArrayLike<number>): string;
}

/** Throws a `RangeError` when `id` is not an integer in `[0, vocabSize)`. */
export function checkId(tokenizer: string, id: number, vocabSize: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
    throw new RangeError(`${tokenizer}: token id ${id} is outside the vocabulary [0, ${vocabSize})`);
  }
}

/**
 * Tokenizers: text to `Int32Array` token ids through one interface ({@link Tokenizer}).
 * @module
 */
export { checkId, type Tokenizer } from "./types.ts";
export { bytesTokenizer } from "./bytes.ts";
export { type CharsOptions, charsTokenizer } from "./chars.ts";
export { UNK_ID, type WordsOptions, wordsTokenizer } from "./words.ts";
export { BPE_NAMES, type BpeName, bpeTokenizer } from "./bpe.ts";
export { hfTokenizer } from "./hf.ts";
export { getTokenizer, type GetTokenizerOptions, TOKENIZER_NAMES } from "./registry.ts";
export { tokenizerMismatch, type TokenizerRecord, tokenizerRecord } from "./record.ts";

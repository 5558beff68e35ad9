/**
 * Byte-level tokenizer: each UTF-8 byte is one token, vocabulary 256.
 *
 * @example
 * ```ts
 * import { bytesTokenizer } from "@l2m/tokenize/bytes.ts";
 * const t = bytesTokenizer();
 * console.assert(t.encode("é").length === 2);
 * console.assert(t.decode(t.encode("héllo")) === "héllo");
 * ```
 * @module
 */
import { checkId, type Tokenizer } from "./types.ts";

/** Returns the UTF-8 byte tokenizer (ids 0–255). Decoding replaces invalid byte sequences with U+FFFD. */
export function bytesTokenizer(): Tokenizer {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    name: "bytes",
    vocabSize: 256,
    encode(text: string): Int32Array {
      return Int32Array.from(encoder.encode(text));
    },
    decode(ids: ArrayLike<number>): string {
      const bytes = new Uint8Array(ids.length);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        checkId("bytes", id, 256);
        bytes[i] = id;
      }
      return decoder.decode(bytes);
    },
  };
}

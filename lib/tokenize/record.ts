/**
 * A tokenizer's identity for checkpoints: its name, vocabulary size and a fingerprint of the text of every
 * id. Tokenizers such as `chars` and `words` build their vocabulary from a corpus, so the same name can
 * mean different ids; the fingerprint distinguishes them.
 *
 * @example
 * ```ts
 * import { bytesTokenizer } from "@l2m/tokenize/bytes.ts";
 * import { tokenizerRecord } from "@l2m/tokenize/record.ts";
 * const a = await tokenizerRecord(bytesTokenizer());
 * const b = await tokenizerRecord(bytesTokenizer());
 * console.assert(a.name === "bytes" && a.vocabSize === 256 && a.fingerprint === b.fingerprint);
 * ```
 * @module
 */
import type { Tokenizer } from "./types.ts";

/** Name, vocabulary size and fingerprint of a tokenizer. */
export interface TokenizerRecord {
  name: string;
  vocabSize: number;
  /** First 16 hex digits of the SHA-256 of every id's decoded text, in id order. */
  fingerprint: string;
}

/**
 * Returns the record of `tokenizer`, decoding each id once. Ids that do not decode (o200k leaves some
 * unused) count as a fixed marker.
 */
export async function tokenizerRecord(tokenizer: Tokenizer): Promise<TokenizerRecord> {
  const parts: string[] = [];
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    try {
      parts.push(tokenizer.decode([id]));
    } catch {
      parts.push("\u0001");
    }
  }
  const bytes = new TextEncoder().encode(parts.join("\u0000"));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
  return { name: tokenizer.name, vocabSize: tokenizer.vocabSize, fingerprint: hex };
}

/**
 * Returns why `actual` cannot read ids meant for `expected`, or null when they match. The reason names
 * both tokenizers.
 */
export function tokenizerMismatch(expected: TokenizerRecord, actual: TokenizerRecord): string | null {
  if (expected.fingerprint === actual.fingerprint && expected.vocabSize === actual.vocabSize) return null;
  const show = (r: TokenizerRecord) => `${r.name} (${r.vocabSize} ids, fingerprint ${r.fingerprint})`;
  return `expected tokenizer ${show(expected)}, got ${show(actual)}`;
}

/**
 * OpenAI byte-pair encodings through `gpt-tokenizer` 4.0.0, whose vocabularies ship inside the npm package.
 * `gpt-tokenizer` was chosen over `js-tiktoken` 1.0.21 because it produced identical ids ~20× faster in a
 * one-off comparison: cl100k on 0.5M tokens of English README text, 1.96M vs 0.10M tokens/s on one core of
 * a shared machine. bench/counting_bench.ts tracks the throughput of the chosen library. Text that looks
 * like a special token (`<|endoftext|>`) is encoded as ordinary text, never as the special id.
 *
 * @example
 * ```ts
 * import { bpeTokenizer } from "@l2m/tokenize/bpe.ts";
 * const t = await bpeTokenizer("gpt2");
 * console.assert(t.decode(t.encode("Call me Ishmael.")) === "Call me Ishmael.");
 * ```
 * @module
 */
import { checkId, type Tokenizer } from "./types.ts";

/** Names of the built-in BPE vocabularies. */
export const BPE_NAMES = ["gpt2", "cl100k", "o200k"] as const;
/** One of {@link BPE_NAMES}. */
export type BpeName = typeof BPE_NAMES[number];

interface GptEncodingModule {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  decode(ids: Iterable<number>): string;
  vocabularySize: number;
}

async function loadEncoding(name: BpeName): Promise<GptEncodingModule> {
  switch (name) {
    case "gpt2":
      return await import("gpt-tokenizer/encoding/r50k_base");
    case "cl100k":
      return await import("gpt-tokenizer/encoding/cl100k_base");
    case "o200k":
      return await import("gpt-tokenizer/encoding/o200k_base");
  }
}

/**
 * Loads a BPE tokenizer: `gpt2` (r50k_base, 50,257 ids), `cl100k` (cl100k_base) or `o200k` (o200k_base).
 * `vocabSize` includes the special tokens of the encoding.
 */
export async function bpeTokenizer(name: BpeName): Promise<Tokenizer> {
  const enc = await loadEncoding(name);
  const vocabSize = enc.vocabularySize;
  const noSpecial = new Set<string>();
  return {
    name,
    vocabSize,
    encode(text: string): Int32Array {
      return Int32Array.from(enc.encode(text, { disallowedSpecial: noSpecial }));
    },
    decode(ids: ArrayLike<number>): string {
      const list: number[] = new Array(ids.length);
      for (let i = 0; i < ids.length; i++) {
        checkId(name, ids[i]!, vocabSize);
        list[i] = ids[i]!;
      }
      return enc.decode(list);
    },
  };
}

/**
 * Tokenizers from a local Hugging Face `tokenizer.json` (LLaMA, Mistral, DeepSeek, …) through
 * `@huggingface/tokenizers` 0.2.0. A `tokenizer_config.json` next to the file is read when present.
 * Encoding never adds special tokens (no BOS), matching how the two-point counts are taken.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import { InputError } from "../util/errors.ts";
import { checkId, type Tokenizer } from "./types.ts";

async function readJson(path: string, what: string): Promise<object> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(`${what} not found: ${path}`);
    throw error;
  }
  try {
    return JSON.parse(text) as object;
  } catch (error) {
    throw new InputError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Loads the tokenizer described by the `tokenizer.json` at `path`; its name is `hf:<path>`. */
export async function hfTokenizer(path: string): Promise<Tokenizer> {
  const json = await readJson(path, "tokenizer.json");
  const configPath = join(dirname(path), "tokenizer_config.json");
  let config: object = {};
  try {
    await Deno.stat(configPath);
    config = await readJson(configPath, "tokenizer_config.json");
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  let tok: HfTokenizer;
  try {
    tok = new HfTokenizer(json, config);
  } catch (error) {
    throw new InputError(`cannot build a tokenizer from ${path}: ${(error as Error).message}`);
  }
  let maxId = -1;
  for (const id of tok.get_vocab(true).values()) if (id > maxId) maxId = id;
  const vocabSize = maxId + 1;
  const name = `hf:${path}`;
  return {
    name,
    vocabSize,
    encode(text: string): Int32Array {
      return Int32Array.from(tok.encode(text, { add_special_tokens: false }).ids);
    },
    decode(ids: ArrayLike<number>): string {
      const list: number[] = new Array(ids.length);
      for (let i = 0; i < ids.length; i++) {
        checkId(name, ids[i]!, vocabSize);
        list[i] = ids[i]!;
      }
      return tok.decode(list, { skip_special_tokens: false });
    },
  };
}

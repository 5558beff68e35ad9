import assert from "node:assert/strict";
import { InputError } from "../util/errors.ts";
import {
  bpeTokenizer,
  bytesTokenizer,
  charsTokenizer,
  getTokenizer,
  hfTokenizer,
  UNK_ID,
  wordsTokenizer,
} from "./mod.ts";

const SAMPLE = "Call me Ishmael. Some years ago—never mind how long precisely—naïve 🐋 whale.";
const TESTDATA = new URL("./testdata/tokenizer.json", import.meta.url).pathname;

Deno.test("bytes round-trips UTF-8", () => {
  const t = bytesTokenizer();
  const ids = t.encode(SAMPLE);
  assert.equal(ids.length, new TextEncoder().encode(SAMPLE).length);
  assert.ok(ids.every((id) => id >= 0 && id < 256));
  assert.equal(t.decode(ids), SAMPLE);
  assert.throws(() => t.decode([256]), RangeError);
});

Deno.test("chars full range uses code points", () => {
  const t = charsTokenizer();
  const ids = t.encode("a🐋");
  assert.deepEqual([...ids], [0x61, 0x1f40b]);
  assert.equal(t.vocabSize, 0x110000);
  assert.equal(t.decode(t.encode(SAMPLE)), SAMPLE);
});

Deno.test("chars corpus vocabulary and unk", () => {
  const t = charsTokenizer({ corpus: ["aaab", "bc"] });
  assert.equal(t.vocabSize, 4);
  assert.deepEqual([...t.encode("abcz")], [1, 2, 3, 0]);
  assert.equal(t.decode([1, 2, 3, 0]), "abc\ufffd");
  const capped = charsTokenizer({ corpus: ["aaab", "bc"], maxVocab: 2 });
  assert.deepEqual([...capped.encode("abc")], [1, 0, 0]);
});

Deno.test("words vocabulary by frequency", () => {
  // "the" (3 uses) first, then the single-use words in code-unit order: sea, ship, whale.
  const t = wordsTokenizer({ corpus: ["the whale the sea", "the ship"] });
  assert.equal(t.vocabSize, 5);
  assert.deepEqual([...t.encode("the sea\n\tthe whale boat")], [1, 2, 1, 4, UNK_ID]);
  assert.equal(t.decode(t.encode("the   sea")), "the sea");
  const capped = wordsTokenizer({ corpus: ["the whale the sea"], maxVocab: 2 });
  assert.deepEqual([...capped.encode("the sea")], [1, UNK_ID]);
  assert.throws(() => wordsTokenizer({ corpus: ["   "] }), InputError);
});

Deno.test("bpe gpt2 known ids", async () => {
  const t = await bpeTokenizer("gpt2");
  assert.equal(t.vocabSize, 50257);
  // "Hello world" is [15496, 995] in GPT-2's r50k_base vocabulary.
  assert.deepEqual([...t.encode("Hello world")], [15496, 995]);
  assert.equal(t.decode(t.encode(SAMPLE)), SAMPLE);
});

Deno.test("bpe treats special-token text as text", async () => {
  const t = await bpeTokenizer("cl100k");
  const ids = t.encode("a<|endoftext|>b");
  assert.ok(ids.length > 3);
  assert.equal(t.decode(ids), "a<|endoftext|>b");
});

Deno.test("bpe o200k round-trips", async () => {
  const t = await bpeTokenizer("o200k");
  assert.ok(t.vocabSize > 199_000);
  assert.equal(t.decode(t.encode(SAMPLE)), SAMPLE);
});

Deno.test("hf tokenizer.json BPE merges", async () => {
  const t = await hfTokenizer(TESTDATA);
  assert.equal(t.vocabSize, 11);
  assert.deepEqual([...t.encode("abc ab")], [9, 8]);
  assert.deepEqual([...t.encode("cab a")], [3, 8, 4]);
  assert.deepEqual([...t.encode("ab x")], [8, 0]);
  assert.equal(t.decode([9, 8]), "abc ab");
});

Deno.test("hf byte-level BPE adds no BOS", async () => {
  // A LLaMA-3-style layout: ByteLevel pre-tokenizer and decoder, and a post-processor that prepends
  // <|begin_of_text|> (id 17), which encode must not add.
  const t = await hfTokenizer(new URL("./testdata/bytelevel/tokenizer.json", import.meta.url).pathname);
  assert.equal(t.vocabSize, 18);
  assert.deepEqual([...t.encode("hello world")], [11, 16]);
  assert.deepEqual([...t.encode("hello hello")], [11, 7, 11]);
  assert.equal(t.decode(t.encode("hello hello world")), "hello hello world");
});

Deno.test("hf missing file is InputError", async () => {
  await assert.rejects(hfTokenizer("/nonexistent/tokenizer.json"), /not found: \/nonexistent/);
});

Deno.test("getTokenizer by name", async () => {
  assert.equal((await getTokenizer("bytes")).name, "bytes");
  assert.equal((await getTokenizer("chars")).vocabSize, 0x110000);
  assert.equal((await getTokenizer("words", { corpus: ["a b"] })).vocabSize, 3);
  assert.equal((await getTokenizer("gpt2")).name, "gpt2");
  assert.equal((await getTokenizer(`hf:${TESTDATA}`)).vocabSize, 11);
});

Deno.test("getTokenizer rejects unknown names", async () => {
  await assert.rejects(getTokenizer("llama"), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /"llama"/);
    assert.match(e.message, /bytes, chars, words, gpt2, cl100k, o200k/);
    return true;
  });
  await assert.rejects(getTokenizer("words"), /needs a corpus/);
});

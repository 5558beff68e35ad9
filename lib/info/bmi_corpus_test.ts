import assert from "node:assert/strict";
import { correctionFor, prepareBmiSamples, trainNgramScorer, vclubPartners } from "./bmi_corpus.ts";
import { bytesTokenizer } from "../tokenize/bytes.ts";
import type { Corpus } from "../data/types.ts";
import { Rng } from "../util/prng.ts";

function corpus(documents: number, sentences: number): Corpus {
  const rng = new Rng(3);
  const words = ["alpha", "beta", "gamma", "delta", "omega"];
  return {
    name: "synthetic",
    documents: Array.from({ length: documents }, (_, d) => ({
      id: `doc${d}`,
      text: Array.from({ length: sentences }, () => {
        const s = Array.from({ length: 3 + rng.int(5) }, () => words[rng.int(words.length)]!).join(" ");
        return s[0]!.toUpperCase() + s.slice(1) + ".";
      }).join(" "),
    })),
  };
}

Deno.test("prepareBmiSamples splits by document", () => {
  const tokenizer = bytesTokenizer();
  const c = corpus(10, 80);
  const prepared = prepareBmiSamples(c, tokenizer, { maxLength: 64, evalFraction: 0.3, seed: 1 });
  assert.equal(prepared.documentIds.length, 3);
  assert.equal(prepared.train.length, 7);
  assert.ok(prepared.samples.length >= 2);
  for (const s of prepared.samples) assert.equal(s.length, 64);
  // Every sample starts at a sentence: its first byte is an upper-case letter.
  for (const s of prepared.samples) assert.ok(s[0]! >= 65 && s[0]! <= 90, `first byte ${s[0]}`);
  const evalText = new Set(prepared.documentIds);
  const trainText = c.documents.filter((d) => !evalText.has(d.id)).map((d) => d.text).join("");
  assert.equal(prepared.trainTokens, new TextEncoder().encode(trainText).length);
  assert.ok(prepared.documentOf.every((d) => d >= 0 && d < prepared.documentIds.length));
});

Deno.test("prepareBmiSamples reuses given tokens", () => {
  const tokenizer = bytesTokenizer();
  const c = corpus(6, 60);
  const tokens = c.documents.map((d) => tokenizer.encode(d.text));
  const a = prepareBmiSamples(c, tokenizer, { maxLength: 32, seed: 2 });
  const b = prepareBmiSamples(c, tokenizer, { maxLength: 32, seed: 2, tokens });
  assert.deepEqual(b.train, a.train);
  assert.deepEqual(b.samples, a.samples);
  assert.throws(
    () => prepareBmiSamples(c, tokenizer, { maxLength: 32, tokens: tokens.slice(1) }),
    /5 token arrays/,
  );
});

Deno.test("prepareBmiSamples limits samples and rejects bad input", () => {
  const tokenizer = bytesTokenizer();
  const c = corpus(8, 80);
  const limited = prepareBmiSamples(c, tokenizer, { maxLength: 32, maxSamples: 5, seed: 3 });
  assert.equal(limited.samples.length, 5);
  assert.throws(() => prepareBmiSamples(corpus(1, 10), tokenizer, { maxLength: 16 }), /1 non-empty document/);
  assert.throws(
    () => prepareBmiSamples(c, tokenizer, { maxLength: 100_000 }),
    /no evaluation document reaches \d+ words, which 100000-token samples need/,
  );
  assert.throws(
    () => prepareBmiSamples(c, tokenizer, { maxLength: 32, evalFraction: 1 }),
    /invalid evaluation fraction 1/,
  );
});

Deno.test("trainNgramScorer and correctionFor use training part", () => {
  const tokenizer = bytesTokenizer();
  const prepared = prepareBmiSamples(corpus(6, 60), tokenizer, { maxLength: 32, seed: 4 });
  const model = trainNgramScorer(prepared, tokenizer.vocabSize, { order: 3 });
  assert.equal(model.trainedTokens, prepared.trainTokens);
  const correction = correctionFor(prepared);
  assert.ok(correction.bigramEntropy > 0 && correction.bigramEntropy < 2 * Math.log(256));
  assert.equal(correction.modelWeight, 0.2);
});

Deno.test("vclubPartners pairs across documents", () => {
  const prepared = prepareBmiSamples(corpus(10, 80), bytesTokenizer(), {
    maxLength: 32,
    evalFraction: 0.5,
    seed: 5,
  });
  const { partner, acrossDocuments } = vclubPartners(prepared, 1);
  assert.ok(acrossDocuments);
  partner.forEach((j, i) => assert.notEqual(prepared.documentOf[j], prepared.documentOf[i], `sample ${i}`));
  const single = { ...prepared, documentOf: new Int32Array(prepared.samples.length) };
  const fallback = vclubPartners(single, 1);
  assert.equal(fallback.acrossDocuments, false);
  fallback.partner.forEach((j, i) => assert.notEqual(j, i));
});

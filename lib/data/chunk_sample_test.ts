import assert from "node:assert/strict";
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/prng.ts";
import { chunkCorpus, chunkText, splitSentences } from "./chunk.ts";
import { headSequences, l2mPairing, pairAcrossDocuments, sampleSequences } from "./sample.ts";

Deno.test("sentences split at boundaries", () => {
  assert.deepEqual(splitSentences('Call me Ishmael. Some years ago! Was it? "Yes," he said. (Later.) End'), [
    "Call me Ishmael.",
    "Some years ago!",
    "Was it?",
    '"Yes," he said.',
    "(Later.)",
    "End",
  ]);
  assert.deepEqual(splitSentences("Mr. Starbuck met Dr. Bunger and J. Smith. Then 3 whales."), [
    "Mr. Starbuck met Dr. Bunger and J. Smith.",
    "Then 3 whales.",
  ]);
  assert.deepEqual(splitSentences("A heading\n\nthe text starts lower case"), [
    "A heading",
    "the text starts lower case",
  ]);
});

Deno.test("chunks reach min words and drop the tail", () => {
  const text = "One two three. Four five. Six seven eight nine. Ten.";
  assert.deepEqual(chunkText(text, 4), ["One two three. Four five.", "Six seven eight nine."]);
  assert.deepEqual(chunkText(text, 4, true), ["One two three. Four five.", "Six seven eight nine.", "Ten."]);
  assert.deepEqual(chunkText("Too short.", 5), []);
  assert.throws(() => chunkText(text, 0), InputError);
});

Deno.test("chunkCorpus ids and empty result", () => {
  const corpus = { name: "c", documents: [{ id: "d1", text: "A b. C d. E f." }, { id: "d2", text: "G." }] };
  const chunks = chunkCorpus(corpus, 2);
  assert.deepEqual(chunks.documents.map((d) => d.id), ["d1#0", "d1#1", "d1#2"]);
  assert.equal(chunks.documents[1]!.meta?.document, "d1");
  assert.throws(() => chunkCorpus(corpus, 100), /no document reaches 100 words/);
});

Deno.test("sampleSequences windows and short documents", () => {
  const docs = [
    Int32Array.from({ length: 10 }, (_, i) => i),
    Int32Array.from({ length: 3 }, (_, i) => 100 + i),
  ];
  assert.throws(
    () => sampleSequences(docs, 5, 4, new Rng(1), { ids: ["ch1", "ch2"] }),
    (e: Error) => e instanceof InputError && /ch2 has 3 tokens, fewer than L = 5/.test(e.message),
  );
  const s = sampleSequences(docs, 5, 200, new Rng(1), { skipShort: true });
  assert.equal(s.sequences.length, 200);
  for (let k = 0; k < 200; k++) {
    assert.equal(s.doc[k], 0);
    assert.deepEqual([...s.sequences[k]!], [0, 1, 2, 3, 4].map((v) => v + s.start[k]!));
  }
  // All six windows of document 0 are drawn.
  assert.equal(new Set(s.start).size, 6);
  const again = sampleSequences(docs, 5, 200, new Rng(1), { skipShort: true });
  assert.deepEqual([...again.start], [...s.start]);
  assert.throws(
    () => sampleSequences(docs, 50, 1, new Rng(1), { skipShort: true }),
    /no document has at least L = 50/,
  );
  const heads = headSequences(docs, 3);
  assert.deepEqual(heads.sequences.map((q) => [...q]), [[0, 1, 2], [100, 101, 102]]);
});

Deno.test("pairs come from different documents", () => {
  for (
    const docs of [[0, 0, 1, 1], [0, 0, 0, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 5, 5, 5, 6, 6, 6, 6]]
  ) {
    const partner = pairAcrossDocuments(docs, new Rng(docs.length));
    for (let i = 0; i < docs.length; i++) {
      assert.notEqual(docs[partner[i]!], docs[i], `docs ${docs} sample ${i}`);
    }
    assert.deepEqual([...partner].sort((a, b) => a - b), docs.map((_, i) => i), "a permutation");
  }
  assert.deepEqual(
    pairAcrossDocuments([0, 1, 2, 3], new Rng(3)),
    pairAcrossDocuments([0, 1, 2, 3], new Rng(3)),
  );
  assert.throws(() => pairAcrossDocuments([0, 0, 0, 1], new Rng(1)), /3 come from one document/);
});

Deno.test("l2m pairing formula", () => {
  // n = 10: prime = nextprime(3) = 5, perm[i] = (5i + 1234) mod 10.
  const { first, second } = l2mPairing(10);
  assert.deepEqual([...first], [4, 9, 4, 9, 4]);
  assert.deepEqual([...second], [9, 4, 9, 4, 9]);
  const big = l2mPairing(2048);
  // nextprime(45) = 47 is coprime with 2048, so the pairs use every sample once.
  assert.equal(new Set([...big.first, ...big.second]).size, 2048);
});

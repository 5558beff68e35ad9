/**
 * Scorer throughput in tokens per second: the adaptive n-gram model in process, and the same model
 * through the HTTP client and the local scorer server (JSON round trips on 127.0.0.1).
 *
 * Data: Moby-Dick tokenized with GPT-2 BPE when the corpus is installed, otherwise a seeded synthetic
 * Zipf stream of the same vocabulary size. Prints one Markdown table and exits 0.
 */
import { NgramLanguageModel } from "../lib/info/ngram_lm.ts";
import { HttpScorer } from "../lib/info/http_scorer.ts";
import { startScorerServer } from "../lib/info/scorer_server.ts";
import { loadCorpus } from "../lib/data/catalog.ts";
import { getTokenizer } from "../lib/tokenize/mod.ts";
import { Rng } from "../lib/util/prng.ts";

const VOCAB = 50257;
const SEQ_LEN = 512;
const SEQS = 128;

async function tokenStream(): Promise<{ tokens: Int32Array; source: string }> {
  try {
    const corpus = await loadCorpus("moby-dick");
    const tokenizer = await getTokenizer("gpt2");
    const parts = corpus.documents.map((d) => tokenizer.encode(d.text));
    const tokens = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      tokens.set(p, offset);
      offset += p.length;
    }
    return { tokens, source: "Moby-Dick, gpt2" };
  } catch (error) {
    console.error(`scorer bench: Moby-Dick unavailable (${(error as Error).message}); using a Zipf stream`);
    const rng = new Rng(0);
    const tokens = Int32Array.from(
      { length: 250_000 },
      () => Math.min(VOCAB - 1, Math.floor(1 / (rng.uniform() + 1e-6))),
    );
    return { tokens, source: "synthetic Zipf" };
  }
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const { tokens, source } = await tokenStream();
const evalTokens = SEQS * SEQ_LEN;
const train = tokens.subarray(0, tokens.length - evalTokens);
const evalSeqs = Array.from(
  { length: SEQS },
  (_, i) => tokens.slice(train.length + i * SEQ_LEN, train.length + (i + 1) * SEQ_LEN),
);

const rows: string[] = [];
for (const order of [3, 4, 5]) {
  let lm!: NgramLanguageModel;
  const trainSeconds = await timeIt(() =>
    Promise.resolve(lm = new NgramLanguageModel(VOCAB, { order }).train([train]))
  );
  rows.push(
    `| n-gram order ${order}, train | ${train.length} | ${trainSeconds.toFixed(2)} | ${
      (train.length / trainSeconds / 1e3).toFixed(0)
    }k |`,
  );
  for (const adapt of [true, false]) {
    const model = adapt ? lm : new NgramLanguageModel(VOCAB, { order, adapt: false }).train([train]);
    await model.score(evalSeqs.slice(0, 4)); // warm-up
    const s = await timeIt(() => model.score(evalSeqs));
    rows.push(
      `| n-gram order ${order}, score${adapt ? " (adaptive)" : " (static)"} | ${evalTokens} | ${
        s.toFixed(2)
      } | ${(evalTokens / s / 1e3).toFixed(0)}k |`,
    );
  }
  if (order === 4) {
    const server = await startScorerServer({ scorer: lm, model: "bench", log: () => {} });
    try {
      for (const batchSize of [1, 16]) {
        const client = new HttpScorer({
          url: server.url,
          bosTokenId: VOCAB,
          batchSize,
          concurrency: 2,
          log: () => {},
        });
        await client.score(evalSeqs.slice(0, 2));
        const s = await timeIt(() => client.score(evalSeqs));
        rows.push(
          `| HTTP round trip, order 4, batch ${batchSize} | ${evalTokens} | ${s.toFixed(2)} | ${
            (evalTokens / s / 1e3).toFixed(0)
          }k |`,
        );
      }
    } finally {
      await server.close();
    }
  }
}

console.log(
  `Scorer throughput (${source}; ${train.length} training tokens, ${SEQS} sequences × ${SEQ_LEN} tokens;`,
);
console.log(`one Deno process, client and server in the same process for HTTP).\n`);
console.log("| measurement | tokens | seconds | tokens/s |");
console.log("|---|---:|---:|---:|");
for (const r of rows) console.log(r);

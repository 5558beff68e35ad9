/**
 * Pair-counting and tokenizer throughput.
 *
 * Pair counting: 1e7 tokens drawn i.i.d. from a Zipf(1.1) law over a 50,000-token vocabulary (seeded), all
 * pairs at distances 1 and 64 counted into (a) `CountTable`, the typed-array open-addressing table of
 * lib/info, and (b) a plain `Map<number, number>` keyed by `a·2^17 + b`. One core, one run each after a
 * warm-up on 1e6 tokens. Throughput is given per wall-clock second and per CPU second of this process;
 * on a shared machine the CPU-second figure is the closer estimate of a dedicated core, though cache
 * contention from other processes still slows both.
 *
 * Tokenizers: encode ~4 MB of English prose (Moby-Dick from datasets/cache when installed, otherwise
 * repeated README text) with each built-in tokenizer.
 *
 * Prints Markdown tables and exits 0. Pass `--quick` to use 1e6 tokens.
 * @module
 */
import { cpuUsage } from "node:process";
import { CountTable } from "../lib/info/count_table.ts";
import { Rng } from "../lib/util/prng.ts";
import { getTokenizer } from "../lib/tokenize/registry.ts";
import { loadMobyDick } from "../lib/data/npm_corpora.ts";

const quick = Deno.args.includes("--quick");
const N = quick ? 1_000_000 : 10_000_000;
const VOCAB = 50_000;

function zipfTokens(n: number, vocab: number, s: number, rng: Rng): Int32Array {
  const cdf = new Float64Array(vocab);
  let acc = 0;
  for (let i = 0; i < vocab; i++) cdf[i] = acc += 1 / (i + 1) ** s;
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const u = rng.uniform() * acc;
    let lo = 0, hi = vocab - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    out[k] = lo;
  }
  return out;
}

function countWithMap(tokens: Int32Array, d: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i + d < tokens.length; i++) {
    const key = tokens[i]! * 131072 + tokens[i + d]!;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

function countWithTable(tokens: Int32Array, d: number, initialCapacity?: number): CountTable {
  const t = new CountTable(2, initialCapacity);
  t.addPairsAtDistance(tokens, d);
  return t;
}

/** Runs `fn` and returns its value, wall-clock seconds and process CPU seconds (user + system). */
function time<T>(fn: () => T): [T, number, number] {
  const c0 = cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = (performance.now() - t0) / 1000;
  const c1 = cpuUsage(c0);
  return [value, wall, (c1.user + c1.system) / 1e6];
}

const tokens = zipfTokens(N, VOCAB, 1.1, new Rng(1));
const warm = tokens.subarray(0, 1_000_000);
countWithTable(warm, 1);
countWithMap(warm, 1);

console.log(`## Pair counting (${N.toExponential(0)} tokens, Zipf(1.1) over ${VOCAB} ids, one core)\n`);
console.log(
  "| distance | implementation | distinct pairs | wall s | CPU s | M pairs/wall s | M pairs/CPU s |",
);
console.log("|---|---|---|---|---|---|---|");
const row = (d: number, name: string, size: number, wall: number, cpu: number) =>
  console.log(
    `| ${d} | ${name} | ${size} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${
      ((N - d) / wall / 1e6).toFixed(1)
    } | ${((N - d) / cpu / 1e6).toFixed(1)} |`,
  );
for (const d of [1, 64]) {
  const [table, tableWall, tableCpu] = time(() => countWithTable(tokens, d));
  row(d, "CountTable (typed arrays), growing from 2^16 entries", table.size, tableWall, tableCpu);
  const [sized, sizedWall, sizedCpu] = time(() => countWithTable(tokens, d, table.size));
  row(d, "CountTable, presized to the distinct-pair count", sized.size, sizedWall, sizedCpu);
  const [map, mapWall, mapCpu] = time(() => countWithMap(tokens, d));
  if (map.size !== table.size) {
    throw new Error(`Map and CountTable disagree: ${map.size} vs ${table.size} pairs`);
  }
  row(d, "Map<number, number>", map.size, mapWall, mapCpu);
}

let text: string;
let source: string;
try {
  const corpus = await loadMobyDick();
  text = corpus.documents.map((doc) => doc.text).join("\n\n");
  source = "Moby-Dick";
} catch {
  text = "";
  source = "README.md repeated";
}
if (text.length === 0) {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  while (text.length < 1_200_000) text += readme;
}
if (quick) text = text.slice(0, 300_000);

console.log(
  `\n## Tokenizer throughput (${source}, ${(text.length / 1e6).toFixed(2)}M characters, one core)\n`,
);
console.log("| tokenizer | tokens | seconds | M tokens/s | M chars/s |");
console.log("|---|---|---|---|---|");
for (const name of ["bytes", "chars", "words", "gpt2", "cl100k", "o200k"]) {
  const tok = await getTokenizer(name, { corpus: [text] });
  tok.encode(text.slice(0, 50_000));
  const [ids, seconds] = time(() => tok.encode(text));
  console.log(
    `| ${name} | ${ids.length} | ${seconds.toFixed(2)} | ${(ids.length / seconds / 1e6).toFixed(2)} | ${
      (text.length / seconds / 1e6).toFixed(2)
    } |`,
  );
}

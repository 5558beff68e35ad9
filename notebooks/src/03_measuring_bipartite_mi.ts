// Notebook 03: measuring bipartite and two-point mutual information on real text (Fig. 2 b–c, B.2–B.5).

// %% [markdown]
// # 03 · Measuring bipartite mutual information on text
//
// The L²M paper (Chen et al., arXiv 2503.04725) measures the bipartite MI $I(X_{1:\ell}; Y_{1:L-\ell})$ of PG19 books with LLaMA-3.1-405B
// and finds a power law, $I \approx 2.27\,L^{0.76}$ (direct estimator) and $3.26\,L^{0.71}$ (vCLUB), while
// two-point MI decays as $1.10\,d^{-0.91}$. PG19 and a 405B model are out of reach on a laptop, so this
// notebook runs the same protocol on the corpora installed from npm (*Moby-Dick*, the State of the Union
// addresses, and the TypeScript compiler source as code), tokenized with GPT-2's BPE, with an **adaptive
// Kneser–Ney n-gram model** as $q$. The paper's PG19 and Wikipedia values are overlaid for shape
// (their absolute values depend on the model and tokenizer).
//
// **Protocol** (as in the authors' code). Documents are split into a held-out training part (which trains
// the n-gram model) and an evaluation part. Evaluation documents are cut at sentence boundaries into
// chunks; each chunk gives one sample, its first $L_\max$ tokens. For each $L$ with $\ell = L/R$:
//
// $$\hat I_{\text{direct}} = \frac1N\sum_i \Big[\sum_{t=\ell+1}^{L}\ln q(w^i_t\mid w^i_{<t}) - \sum_{k=1}^{L-\ell}\ln q(y^i_k\mid y^i_{<k})\Big],$$
//
// $$\hat I_{\text{vCLUB}} = \frac1N\sum_i \Big[\ln q(y^i\mid x^i) - \ln q(y^{\pi(i)}\mid x^i)\Big],$$
//
// with $\pi$ a random pairing of each sample with one from a different document. Error bars are
// standard errors over samples; power-law fits get 95 % bootstrap intervals resampling **documents**.
//
// **What the n-gram model can see.** A 4-gram model conditions on 3 tokens, so without adaptation its
// BMI would saturate after a few tokens. Adaptation (counts updated as the sample is scored) lets it
// reuse names, phrases and identifiers that recur within a sample, which is the long-range dependence
// that grows with $L$. The measured exponents are therefore lower bounds on what a strong LLM would
// show, and they differ by corpus.

// %%
import { from } from "arquero";
import type { Data } from "plotly.js-dist-min";
import { byScale, notebookParams } from "@l2m/notebook/params.ts";
import { openResults } from "@l2m/notebook/results.ts";
import { markdown, showTable } from "@l2m/notebook/display.ts";
import { chart, powerLawSeries, referenceSeries, series } from "@l2m/plot/charts.ts";
import { subplots } from "@l2m/plot/subplots.ts";
import { loadMobyDick, loadSotu, loadTypeScriptSource } from "@l2m/data/npm_corpora.ts";
import type { Corpus } from "@l2m/data/types.ts";
import { getTokenizer } from "@l2m/tokenize/registry.ts";
import { type BmiEstimate, estimateBmi, fitBmiPowerLaw, type StartCorrection } from "@l2m/info/bmi.ts";
import {
  type BmiSamples,
  correctionFor,
  prepareBmiSamples,
  trainNgramScorer,
  vclubPartners,
} from "@l2m/info/bmi_corpus.ts";
import type { NgramLanguageModel } from "@l2m/info/ngram_lm.ts";
import { HttpScorer } from "@l2m/info/http_scorer.ts";
import { startScorerServer } from "@l2m/info/scorer_server.ts";
import { twoPointMI, type TwoPointResult } from "@l2m/info/two_point.ts";
import { paperFits, paperPoints } from "@l2m/info/paper_reference.ts";

const { scale, seed } = notebookParams();
const results = await openResults("03_measuring_bipartite_mi");
const maxLength = byScale(scale, { quick: 128, default: 512, paper: 2048 });
const lengths: number[] = [];
for (let L = 4; L <= maxLength; L *= 2) lengths.push(L);
const maxSamples = byScale(scale, { quick: 60, default: 300, paper: 1024 });
const resamples = byScale(scale, { quick: 200, default: 1000, paper: 2000 });
const order = 4;
markdown(
  `Scale **${scale}**, seed ${seed}: lengths L = ${lengths.join(", ")} tokens, at most ${maxSamples} ` +
    `samples per corpus, adaptive ${order}-gram scorer, ${resamples} bootstrap resamples.`,
);

// %% [markdown]
// ## 1 · Corpora and samples
//
// The TypeScript bundle is split into its 267 source modules, so that it has documents to hold out. At
// the quick scale only the first documents of the State of the Union and TypeScript corpora are used.

// %%
const tokenizer = await getTokenizer("gpt2");
const limitDocuments = (corpus: Corpus, quick: number): Corpus =>
  scale === "quick" ? { ...corpus, documents: corpus.documents.slice(0, quick) } : corpus;
const corpora: Corpus[] = [
  await loadMobyDick(),
  limitDocuments(await loadSotu(), 40),
  limitDocuments(await loadTypeScriptSource({ split: "module" }), 60),
];
// Every document is encoded once; the n-gram training and the two-point counts reuse these arrays.
const streams = corpora.map((corpus) => corpus.documents.map((d) => tokenizer.encode(d.text)));
interface Measured {
  corpus: string;
  prepared: BmiSamples;
  model: NgramLanguageModel;
  correction: Required<StartCorrection>;
}
const measured: Measured[] = corpora.map((corpus, k) => {
  const prepared = prepareBmiSamples(corpus, tokenizer, {
    maxLength,
    maxSamples,
    seed,
    evalFraction: 0.25,
    tokens: streams[k],
  });
  const model = trainNgramScorer(prepared, tokenizer.vocabSize, { order, label: corpus.name });
  return { corpus: corpus.name, prepared, model, correction: correctionFor(prepared) };
});
const corpusTable = from(measured.map((m) => ({
  corpus: m.corpus,
  training_tokens: m.prepared.trainTokens,
  samples: m.prepared.samples.length,
  sample_documents: new Set(m.prepared.documentOf).size,
  words_per_chunk: m.prepared.minWords,
  bigram_entropy_nats: m.correction.bigramEntropy,
})));
await results.saveTable("corpora", corpusTable);
showTable(corpusTable, {
  caption: `Corpora (GPT-2 tokens); samples are the first ${maxLength} tokens of chunks`,
});

// %% [markdown]
// ## 2 · Bipartite MI against L (Fig. 2b)
//
// Equal split ($\ell = L/2$). "direct" is the direct estimator without the start-of-Y correction: the
// n-gram model scores the first token of $Y$ with its stationary unigram distribution, so it has no
// beginning-of-text bias to correct (section 4 shows the corrected variant). The grey series are the
// paper's PG19 values (LLaMA-3.1-405B, LLaMA-3 tokens).

// %%
interface Curve {
  corpus: string;
  label: string;
  estimates: BmiEstimate[];
  documentOf: Int32Array;
}
const curves: Curve[] = [];
async function measure(m: Measured, label: string, options: Parameters<typeof estimateBmi>[2]) {
  const estimates = await estimateBmi(m.model, m.prepared.samples, options);
  const curve = { corpus: m.corpus, label, estimates, documentOf: m.prepared.documentOf };
  curves.push(curve);
  return curve;
}
for (const m of measured) {
  await measure(m, "direct", { lengths, estimator: "direct", correction: null, seed });
  const { partner } = vclubPartners(m.prepared, seed);
  await measure(m, "vCLUB", { lengths, estimator: "vclub", partner, seed });
}
const points = await paperPoints();
const fits = await paperFits();
// Each paper series of a figure gets its own entry of the grey reference palette (dash and marker).
const reference = (dataset: string, s: string, styleIndex: number) => {
  const p = points.filter((r) => r.dataset === dataset && r.series === s);
  return referenceSeries({
    name: `paper ${dataset} ${s}`,
    x: p.map((r) => r.x),
    y: p.map((r) => r.y),
    styleIndex,
  });
};
const curveSeries = (c: Curve, colorIndex: number): Data =>
  series({
    name: `${c.corpus} ${c.label}`,
    x: c.estimates.map((e) => e.L),
    y: c.estimates.map((e) => e.mean),
    error: c.estimates.map((e) => e.se),
    colorIndex,
  });
const fig2b = chart({
  title: "Bipartite MI vs L (ℓ = L/2): n-gram here, LLaMA-3.1-405B in the paper",
  x: { title: "sequence length L (tokens)", log: true },
  y: { title: "bipartite MI (nats)", log: true },
  data: [
    ...curves.map((c, k) => curveSeries(c, k)),
    reference("pg19", "vclub", 0),
    reference("pg19", "direct", 1),
    reference("wikipedia", "vclub", 2),
    ...fits.filter((f) => f.dataset === "pg19" && f.xName === "L").map((f) =>
      powerLawSeries({
        prefactor: f.prefactor,
        exponent: f.exponent,
        from: 4,
        to: 2048,
        name: `paper pg19 ${f.series} fit ${f.prefactor}·L^${f.exponent}`,
        color: "#9a9a9a",
      })
    ),
  ],
});
const bmiRows = curves.flatMap((c) =>
  c.estimates.map((e) => ({
    corpus: c.corpus,
    estimator: c.label,
    L: e.L,
    ell: e.ell,
    bmi: e.mean,
    se: e.se,
    n: e.n,
  }))
);
await results.saveTable("bmi_vs_length", from(bmiRows));
await results.saveFigure("fig2b_bmi_vs_length", fig2b);
fig2b;

// %% [markdown]
// Error bars that reach below zero on a log axis are drawn only down to the axis; points with a negative
// mean are not drawn. vCLUB here scores each continuation after its own prefix and after a foreign one,
// $\ln q(y^i\mid x^i) - \ln q(y^i\mid x^{\pi(i)})$: the same expectation as the formula above (the
// official code's form), with paired differences and so smaller standard errors.

// %% [markdown]
// ## 3 · Other split ratios (Fig. B.2)
//
// With $R = L/\ell = 3$ or $4$ the past is shorter than the future. The paper reports power laws with
// different exponents for each ratio.

// %%
const ratioCurves: Curve[] = [];
for (const m of measured) {
  for (const ratio of [2, 3, 4]) {
    const label = `direct, L/ℓ = ${ratio}`;
    const existing = ratio === 2
      ? curves.find((c) => c.corpus === m.corpus && c.label === "direct")
      : undefined;
    ratioCurves.push(
      existing
        ? { ...existing, label }
        : await measure(m, label, { lengths, ratio, estimator: "direct", seed }),
    );
  }
}
const figB2 = subplots(
  measured.map((m, panel) => ({
    title: m.corpus,
    x: { title: "L (tokens)", log: true },
    y: { title: "BMI (nats)", log: true },
    data: ratioCurves.filter((c) => c.corpus === m.corpus).map((c, k) => ({
      ...curveSeries(c, k),
      name: c.label,
      showlegend: panel === 0,
      legendgroup: c.label,
    } as Data)),
  })),
  { title: "Bipartite MI for split ratios L/ℓ = 2, 3, 4 (direct estimator)" },
);
await results.saveFigure("figB2_split_ratios", figB2);
figB2;

// %% [markdown]
// ## 4 · The start-of-Y correction (Fig. B.3)
//
// An LLM scores $Y$ alone as if it began a text ($q(y_1 y_2 \mid \text{BOS})$), but $Y$ starts
// mid-sentence, which inflates $-\ln q(Y)$ and the BMI at small $L$. The paper's fix replaces the first
// two terms of $\ln q(Y)$ by
//
// $$\tfrac15 \ln q(y_1 y_2\mid\text{BOS}) - \tfrac45\,\hat H_G(Y_1 Y_2),$$
//
// with $\hat H_G$ the Grassberger entropy of all adjacent token pairs in the corpus. Here the n-gram model
// has no BOS bias, but $\hat H_G$ from a few hundred thousand tokens of a 50k vocabulary underestimates
// the pair entropy badly, so the "correction" lowers small-$L$ values, sometimes below zero. It matters
// only at small $L$: the curves meet as $L$ grows.

// %%
const correctionCurves: Curve[] = [];
for (const m of measured) {
  correctionCurves.push(curves.find((c) => c.corpus === m.corpus && c.label === "direct")!);
  correctionCurves.push(
    await measure(m, "direct, corrected", { lengths, estimator: "direct", correction: m.correction, seed }),
  );
}
const figB3 = subplots(
  measured.map((m, panel) => ({
    title: m.corpus,
    x: { title: "L (tokens)", log: true },
    y: { title: "BMI (nats)" },
    data: correctionCurves.filter((c) => c.corpus === m.corpus).map((c, k) => ({
      ...curveSeries(c, k),
      name: c.label,
      showlegend: panel === 0,
      legendgroup: c.label,
    } as Data)),
  })),
  { title: "Direct estimator with and without the 2-gram start-of-Y correction" },
);
await results.saveFigure("figB3_correction", figB3);
figB3;

// %% [markdown]
// ## 5 · Two-point MI (Fig. 2c, B.4, B.5)
//
// $\hat I(d) = \hat H_G(X) + \hat H_G(Y) - \hat H_G(XY)$ over all token pairs at distance $d$ in each corpus
// (whole documents), with Grassberger entropies. The pair entropy is underestimated more than the
// single-token one, so $\hat I(d)$ has a positive bias that shows as a plateau at large $d$. The paper
// removes a constant offset $C$ fitted with $\hat I(d) = A\,d^{-\alpha} + C$ in log space (with
// $0 < C < \min_d \hat I(d)$); the corrected values are $\hat I(d) - C$.

// %%
const maxDistance = byScale(scale, { quick: 256, default: 1024, paper: 4096 });
const distances: number[] = [];
for (let d = 1; d <= maxDistance; d *= 2) distances.push(d);
// Pairs are counted over whole books, as in the paper: Moby-Dick's chapters are joined into one stream.
const pairStreams = streams.map((s, k) => {
  if (corpora[k]!.name !== "moby-dick") return s;
  const joined = new Int32Array(s.reduce((n, t) => n + t.length, 0));
  let offset = 0;
  for (const t of s) {
    joined.set(t, offset);
    offset += t.length;
  }
  return [joined];
});
const twoPoint: { corpus: string; result: TwoPointResult }[] = measured.map((m, k) => ({
  corpus: m.corpus,
  result: twoPointMI(pairStreams[k]!, distances),
}));
const tpRows = twoPoint.flatMap(({ corpus, result }) =>
  result.rows.map((r) => ({ corpus, d: r.d, mi_raw: r.mi, se: r.se, mi_corrected: r.miCorrected }))
);
await results.saveTable("two_point_mi", from(tpRows));
const tpReference = (dataset: string, styleIndex: number) => {
  const p = points.filter((r) => r.dataset === dataset && r.series === "two_point_corrected");
  return referenceSeries({
    name: `paper ${dataset}, corrected`,
    x: p.map((r) => r.x),
    y: p.map((r) => r.y),
    styleIndex,
  });
};
const figTwoPoint = subplots(
  twoPoint.map(({ corpus, result }, panel) => ({
    title: corpus,
    x: { title: "distance d (tokens)", log: true },
    y: { title: "two-point MI (nats)", log: true },
    data: [
      {
        ...series({
          name: "raw",
          x: distances,
          y: result.rows.map((r) => r.mi),
          error: result.rows.map((r) => r.se),
          colorIndex: 0,
        }),
        showlegend: panel === 0,
        legendgroup: "raw",
      } as Data,
      {
        ...series({
          name: "corrected (− C)",
          x: distances,
          y: result.rows.map((r) => r.miCorrected),
          colorIndex: 1,
        }),
        showlegend: panel === 0,
        legendgroup: "corrected",
      } as Data,
      ...(panel === 0 ? [tpReference("pg19", 0), tpReference("wikipedia", 1)] : []),
    ],
  })),
  { title: "Two-point MI: raw and offset-corrected (paper values in grey, first panel)" },
);
await results.saveFigure("fig2c_two_point", figTwoPoint);
figTwoPoint;

// %% [markdown]
// With $10^5$–$10^6$ tokens over a 50k-token vocabulary, most token pairs are seen once, and the bias of
// $\hat H_G(XY)$ (about 1–2 nats here, against $10^{-2}$ or less in the paper's PG19 counts) swamps the
// signal beyond $d \approx 10$. In the addresses and the modules, which are short documents, the bias
// also grows at large $d$, where fewer pairs fit inside a document; a constant offset cannot remove such
// a bias, and the fitted $C$ can come out close to 0. The decay at short distances is real; $\alpha$ from
// these corpora is not a reliable estimate of the paper's exponent. The table lists each corpus's fit; where
// $C$ sits at its lower bound, the corrected series is the raw one and the note says so.

// %%
const offsetFits = from(twoPoint.map(({ corpus, result }) => {
  const fit = result.offset;
  const minMi = Math.min(...result.rows.map((r) => r.mi));
  let note = result.offsetNote ?? "C lies inside (0, min Î): every corrected point is Î − C";
  if (!fit) note = "no fit: fewer than 3 distances have Î > 0, so there is no corrected series";
  return {
    corpus,
    A: fit?.A ?? NaN,
    alpha: fit?.alpha ?? NaN,
    C: fit?.C ?? NaN,
    "C / min Î": fit ? fit.C / minMi : NaN,
    note,
  };
}));
showTable(offsetFits, { caption: "Offset fits Î(d) = A·d^(−α) + C per corpus (nats)" });

// %% [markdown]
// ## 6 · Exponents (β per corpus and estimator, α per corpus)
//
// $\beta$ is the slope of $\ln \hat I$ against $\ln L$ over the lengths with a positive estimate, with a
// 95 % percentile bootstrap interval over documents. $\alpha$ comes from the offset fit above, with a
// ±1.96 SE interval (the SE holds $C$ fixed, so it is optimistic). The paper's values are listed for
// comparison.

// %%
const betaRows = curves.map((c) => {
  const usable = c.estimates.filter((e) => e.mean > 0);
  const base = { corpus: c.corpus, quantity: "β", estimator: c.label, points: usable.length };
  if (usable.length < 3) return { ...base, estimate: NaN, lower: NaN, upper: NaN, prefactor: NaN };
  const fit = fitBmiPowerLaw(usable, { documentOf: c.documentOf, resamples, seed });
  return { ...base, estimate: fit.beta, lower: fit.betaLower, upper: fit.betaUpper, prefactor: fit.A };
});
const alphaRows = twoPoint.map(({ corpus, result }) => {
  const fit = result.offset;
  const base = { corpus, quantity: "α", estimator: "two-point, offset fit", points: result.rows.length };
  if (!fit) return { ...base, estimate: NaN, lower: NaN, upper: NaN, prefactor: NaN };
  return {
    ...base,
    estimate: fit.alpha,
    lower: fit.alpha - 1.96 * fit.seAlpha,
    upper: fit.alpha + 1.96 * fit.seAlpha,
    prefactor: fit.A,
  };
});
const paperRows = fits.map((f) => ({
  corpus: `paper: ${f.dataset}`,
  quantity: f.xName === "L" ? "β" : "α",
  estimator: f.series,
  points: NaN,
  estimate: f.exponent,
  lower: NaN,
  upper: NaN,
  prefactor: f.prefactor,
}));
const exponents = from([...betaRows, ...alphaRows, ...paperRows]);
await results.saveTable("exponents", exponents);
showTable(exponents, {
  caption: "Fitted exponents with 95 % intervals (paper rows: legend values, no intervals)",
});

// %% [markdown]
// ## 7 · Scoring through an HTTP server (any vLLM-served model)
//
// The same estimators run on a large model served by vLLM through `HttpScorer`, which sends token-id
// prompts to `/v1/completions` with `echo: true` and reads the prompt log-probabilities. From a shell:
//
// ```sh
// # on the GPU machine (vLLM)
// vllm serve meta-llama/Llama-3.1-8B --port 8000
// # here, with the model's tokenizer.json and BOS id (128000 for LLaMA-3)
// deno task l2m bmi --input moby-dick --tokenizer hf:/models/llama3/tokenizer.json \
//   --scorer http:http://gpu-host:8000 --bos 128000 --lengths 16,32,64,128,256,512,1024,2048
// ```
//
// This notebook measures through HTTP when `L2M_SCORER_URL` is set (with `L2M_SCORER_BOS` and
// `L2M_SCORER_TOKENIZER`, and the API key in `L2M_API_KEY`). Otherwise it starts the project's own
// server (`l2m serve-scorer`) on 127.0.0.1 with the Moby-Dick n-gram model and checks that scoring over
// HTTP gives the same BMI as scoring in process.

// %%
const remoteUrl = Deno.env.get("L2M_SCORER_URL");
let httpSummary;
if (remoteUrl) {
  const remoteTokenizer = await getTokenizer(Deno.env.get("L2M_SCORER_TOKENIZER") ?? "gpt2");
  const prepared = prepareBmiSamples(corpora[0]!, remoteTokenizer, { maxLength, maxSamples, seed });
  const scorer = new HttpScorer({
    url: remoteUrl,
    bosTokenId: Number(Deno.env.get("L2M_SCORER_BOS") ?? NaN), // NaN: the client rejects a missing BOS id
  });
  const remote = await estimateBmi(scorer, prepared.samples, {
    lengths,
    estimator: "direct",
    correction: correctionFor(prepared),
    seed,
  });
  httpSummary = from(remote.map((e) => ({ scorer: scorer.name, L: e.L, bmi: e.mean, se: e.se, n: e.n })));
} else {
  const moby = measured[0]!;
  const server = await startScorerServer({ scorer: moby.model, model: "moby-dick-4gram", log: () => {} });
  try {
    const client = new HttpScorer({ url: server.url, bosTokenId: server.bosTokenId, log: () => {} });
    const few = moby.prepared.samples.slice(0, 20);
    const local = await estimateBmi(moby.model, few, {
      lengths: lengths.slice(0, 4),
      estimator: "direct",
      seed,
    });
    const remote = await estimateBmi(client, few, {
      lengths: lengths.slice(0, 4),
      estimator: "direct",
      seed,
    });
    httpSummary = from(local.map((e, k) => ({
      L: e.L,
      in_process: e.mean,
      over_http: remote[k]!.mean,
      difference: remote[k]!.mean - e.mean,
      requests: server.requests,
    })));
  } finally {
    await server.close();
  }
}
await results.saveTable("http_scorer", httpSummary);
showTable(httpSummary, {
  caption: remoteUrl ? `BMI via ${remoteUrl}` : "Local server: HTTP vs in-process BMI (nats)",
});

// Notebook 06: position-wise loss of a Transformer vs an SSM of matched size on real text (Fig. 4, G.9).

// %% [markdown]
// # 06 · Position-wise loss on real text: Transformer vs SSM
//
// The L²M paper (Chen et al., arXiv 2503.04725, §6) trains GPT-2 and Mamba models of matched size on PG19
// books and plots the **position-wise conditional NLL** $\mathrm{NLL}_i=-\mathbb E\ln q(x_i\mid x_{<i})$ against
// the token position $i$ (Fig. 4 at 8192 tokens, Fig. G.9 at 4096). Mamba is better at early positions;
// the curves cross after ~60–250 tokens; afterwards Mamba plateaus while GPT-2 keeps improving, because its
// history state (the KV cache) keeps growing while Mamba's is fixed, and text's bipartite mutual
// information keeps growing as $L^\beta$.
//
// Here: the same comparison on the offline corpora of this project (Moby-Dick by default). The `default`
// scale, which the numbers in this text describe, is a laptop version: UTF-8 bytes as tokens, windows of 128
// bytes, models of ~10⁵ parameters, 1000 steps of 8 windows on 2 CPU cores (4.5 minutes alone, 8 minutes
// while notebook 05 trains alongside), at peak LR $10^{-2}$ for both. In one-off runs of `train` on the whole
// book (seed 0, not rerun here), gpt-text reached a held-out NLL of 2.14, 2.01 and 2.03 nats per byte at peak
// LR $3\cdot10^{-3}$, $10^{-2}$ and $2\cdot10^{-2}$, and ssm-text 1.59 and 1.58 at the first two. Then the
// trained Transformer is used as the scorer $q$ of the bipartite-MI estimators of notebook 03, closing the
// loop: a model we trained ourselves measures the text's long-range dependence.

// %%
import { from } from "arquero";
import { join } from "node:path";
import { byScale, notebookParams } from "@l2m/notebook/params.ts";
import { openResults } from "@l2m/notebook/results.ts";
import { markdown, progress, showTable } from "@l2m/notebook/display.ts";
import { series, subplots } from "@l2m/plot/mod.ts";
import { historyStateSize, initBackend, parameterCount, preset } from "@l2m/models/mod.ts";
import { registerModelScorer, runSweep, smooth, textWindows, type TrainJob } from "@l2m/train/mod.ts";
import { loadCorpus } from "@l2m/data/catalog.ts";
import { bytesTokenizer } from "@l2m/tokenize/mod.ts";
import { createScorer } from "@l2m/info/scorer.ts";
import { estimateBmi } from "@l2m/info/bmi.ts";
import { fitPowerLaw } from "@l2m/info/fit.ts";

const { scale, seed, resultsRoot } = notebookParams();
const backend = await initBackend();
const results = await openResults("06_position_wise_loss");
await results.setBackend(backend.name);
const setup = byScale(scale, {
  quick: { corpus: "moby-dick", length: 64, steps: 60, batch: 8, lr: 3e-3, maxWindows: 2000 },
  default: { corpus: "moby-dick", length: 128, steps: 1000, batch: 8, lr: 1e-2, maxWindows: 8000 },
  paper: { corpus: "moby-dick", length: 4096, steps: 450_000, batch: 4, lr: 5e-5, maxWindows: Infinity },
});
const pair = byScale(scale, {
  quick: ["gpt-text", "ssm-text"],
  default: ["gpt-text", "ssm-text"],
  paper: ["gpt2", "mamba-130m"],
});
markdown(
  `Scale **${scale}**, seed ${seed}, backend **${backend.name}**. Corpus **${setup.corpus}**, UTF-8 bytes, ` +
    `windows of ${setup.length} tokens, ${setup.steps} steps of ${setup.batch} windows, peak LR ${setup.lr}.`,
);

// %% [markdown]
// ## 1 · Data and models (Table F.2 at this scale)
//
// The book is cut into non-overlapping windows; every 10th window is held out for evaluation. A BOS id (256)
// is prepended, so position 1 is predicted from "start" alone. The two models have nearly the same number
// of parameters; their history states differ in kind: the Transformer's grows with position, the SSM's is
// fixed.

// %%
const tokenizer = bytesTokenizer();
const corpus = await loadCorpus(setup.corpus);
const stream = tokenizer.encode(corpus.documents.map((d) => d.text).join("\n\n"));
const windows = textWindows(stream, setup.length, {
  maxWindows: Number.isFinite(setup.maxWindows) ? setup.maxWindows : undefined,
});
const io = { type: "tokens", vocab: tokenizer.vocabSize + 1 } as const;
const models = pair.map((name) => preset(name, io, { maxLength: setup.length }));
const f2 = models.map((c) => ({
  model: c.name,
  kind: c.kind,
  layers: c.layers,
  hidden: c.hidden,
  parameters: parameterCount(c),
  [`dim z(${setup.length})`]: historyStateSize(c, setup.length),
}));
await results.saveTable("table_f2_models", from(f2));
showTable(from(f2), {
  caption:
    `${stream.length} byte tokens; ${windows.train.length} training and ${windows.eval.length} held-out windows`,
});

// %% [markdown]
// ## 2 · Training both models in parallel
//
// One Worker per model. The Transformer's weights are checkpointed so it can serve as a scorer below.

// %%
const checkpointDir = join(resultsRoot, "06_position_wise_loss", "checkpoint-transformer");
const jobs: TrainJob[] = models.map((model) => ({
  id: model.name,
  model,
  data: { kind: "text", train: windows.train, eval: windows.eval, tokenVocab: tokenizer.vocabSize },
  steps: setup.steps,
  batch: setup.batch,
  lr: setup.lr,
  seed,
  evalBatch: 16,
  ...(model.kind === "transformer" ? { checkpoint: checkpointDir } : {}),
}));
const done = new Map<string, number>();
const bar = progress({ total: jobs.length * setup.steps, label: "train" });
const runs = await runSweep(jobs, {
  backend: backend.name === "webgpu" ? "webgpu" : "wasm",
  onStep: (id, r) => {
    done.set(id, r.step);
    bar.update([...done.values()].reduce((a, b) => a + b, 0), { [`loss ${id}`]: r.loss });
  },
});
await bar.done();
const summary = runs.map((r) => ({
  model: r.model,
  "held-out NLL (nats/byte)": r.nllAvg,
  "bits per byte": r.nllAvg / Math.LN2,
  "final train loss": r.finalLoss,
  "training tokens/s": r.tokensPerSecond,
}));
await results.saveTable("nll_summary", from(summary));
showTable(from(summary), { caption: "Average held-out NLL after training" });

// %% [markdown]
// ## 3 · Fig. 4 / G.9: conditional NLL against position
//
// $\mathrm{NLL}_i$ averaged over held-out windows, smoothed with a centred window of ±4 positions (the
// paper smooths with "a small window" of unstated size). Left: both curves; right: their difference
// (SSM − Transformer), positive where the Transformer is better.

// %%
const curves = runs.map((r) => ({ name: r.model, values: smooth(r.nllPerPosition, 4) }));
const positions = Array.from(curves[0]!.values, (_, i) => i + 1);
const diff = Array.from(curves[1]!.values, (v, i) => v - curves[0]!.values[i]!);
const rows = positions.map((p, i) => ({
  position: p,
  ...Object.fromEntries(runs.map((r) => [r.model, r.nllPerPosition[i]!])),
}));
await results.saveTable("positionwise_nll", from(rows));
const fig4 = subplots([
  {
    data: curves.map((c, i) =>
      series({ name: c.name, x: positions, y: c.values, mode: "lines", colorIndex: i })
    ),
    x: { title: "token position i", log: true },
    y: { title: "conditional NLL (nats / byte)" },
    title: "position-wise NLL",
  },
  {
    data: [series({
      name: `${curves[1]!.name} − ${curves[0]!.name}`,
      x: positions,
      y: diff,
      mode: "lines",
      colorIndex: 2,
      xaxis: "x2",
      yaxis: "y2",
    })],
    x: { title: "token position i", log: true },
    y: { title: "NLL difference (nats / byte)" },
    title: "SSM minus Transformer",
  },
], { title: `Fig. 4 / G.9 · ${setup.corpus}, windows of ${setup.length} bytes` });
await results.saveFigure("fig4_positionwise_nll", fig4);
fig4;

// %%
const crossing = diff.findIndex((d, i) => i > 0 && d > 0 && diff[i - 1]! <= 0);
const early = diff.slice(0, 8).reduce((a, b) => a + b, 0) / 8;
const late = diff.slice(-16).reduce((a, b) => a + b, 0) / 16;
markdown(
  `Mean difference (SSM − Transformer) over the first 8 positions: ${early.toFixed(3)} nats; over the ` +
    `last 16: ${late.toFixed(3)} nats. ` +
    (crossing >= 0
      ? `The curves cross (SSM becomes worse) at position ≈ ${crossing + 1}.`
      : "The curves do not cross at this scale.") +
    " The paper's pattern is a negative early difference and a positive late one.",
);

// %% [markdown]
// ## 4 · The trained Transformer as a BMI scorer
//
// The checkpoint is loaded through the `model:` scorer prefix and passed to the vCLUB and direct estimators
// of notebook 03 on held-out windows, for $L$ up to the training length. A byte-level model this small
// captures only part of the dependence, so the values are a lower bound on the text's BMI (and the usual
// caveats of notebook 03 apply), but the growth with $L$ is measured end to end by our own model.
//
// The direct estimator runs here without the start-of-$Y$ correction that `./l2m bmi` applies by default
// (Fig. B.3 compares the two). The correction replaces the model's log-probability of the first two tokens
// of $Y$ by a mix that is 4/5 the corpus's 2-gram entropy. For a model this weak that raises $\ln q(y)$ by
// more than the model gains from $X$: with the correction, a default run's checkpoint gave values between
// −0.7 and −0.3 nats at $L$ = 16 to 128 (measured once).

// %%
registerModelScorer();
const scorer = await createScorer(`model:${checkpointDir}`);
const lengths = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096].filter((l) => l <= setup.length);
const samples = windows.eval.slice(0, byScale(scale, { quick: 48, default: 160, paper: 1000 }));
const estimates = [
  ...await estimateBmi(scorer, samples, { lengths, estimator: "vclub", seed }),
  ...await estimateBmi(scorer, samples, { lengths, estimator: "direct", correction: null }),
];
const bmiRows = estimates.map((e) => ({
  estimator: e.estimator,
  L: e.L,
  "BMI (nats)": e.mean,
  se: e.se,
  n: e.n,
}));
await results.saveTable("bmi_with_trained_transformer", from(bmiRows));
const vclub = estimates.filter((e) => e.estimator === "vclub" && e.mean > 0);
const fit = vclub.length >= 3 ? fitPowerLaw(vclub.map((e) => e.L), vclub.map((e) => e.mean)) : null;
const bmiFig = subplots([{
  data: (["vclub", "direct"] as const).map((name, i) => {
    const es = estimates.filter((e) => e.estimator === name);
    return series({
      name,
      x: es.map((e) => e.L),
      y: es.map((e) => e.mean),
      error: es.map((e) => e.se),
      colorIndex: i,
    });
  }),
  x: { title: "sequence length L (bytes)", log: true },
  y: { title: "bipartite MI (nats)", log: true },
  title: fit ? `vCLUB fit ${fit.A.toFixed(2)}·L^${fit.beta.toFixed(2)}` : "BMI",
}], { title: `BMI of ${setup.corpus} scored by the trained Transformer` });
await results.saveFigure("bmi_with_trained_transformer", bmiFig);
bmiFig;

// %% [markdown]
// **Reading.** Compare the exponent with notebook 03's n-gram and LLM scorers: a small model trained for
// minutes sees only short-range structure, so its BMI flattens early; a stronger scorer (a bigger model, or
// an LLM served over HTTP, see notebook 03) raises the curve. The position-wise NLL above is the other face
// of the same quantity: the area between the average NLL of the first tokens and that of later tokens is
// what the model extracts from the past.

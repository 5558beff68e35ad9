// Notebook 00: the story of the material in order, with each notebook's key figure from results/.

// %% [markdown]
// # 00 · Overview: the mutual-information scaling law for long-context language modelling
//
// L2M Lab reproduces and extends Chen et al., "L²M: Mutual Information Scaling Law for Long-Context Language
// Modeling" (arXiv 2503.04725). The argument in one line: **the dependence between the two halves of a text
// grows as a power of its length, $I(X;Y)\sim L^\beta$, and a model can only carry that dependence if its
// history state grows at least as fast, $\dim z\succsim L^\beta$.** The notebooks follow the argument step by
// step; this page shows each one's key figure from the saved results.
//
// The figures below are read from `results/<notebook>/` (written when each notebook runs). The runner may run
// notebooks in parallel, so a figure missing here means that notebook has not finished yet: rerun this
// notebook afterwards, or run the one missing with `deno task reproduce --only NN`.

// %%
import { from } from "arquero";
import { notebookParams } from "@l2m/notebook/params.ts";
import { loadFigure, openResults } from "@l2m/notebook/results.ts";
import { markdown, showTable } from "@l2m/notebook/display.ts";
import { FIGURE_CATALOG, keyFigures } from "@l2m/notebook/figure_catalog.ts";
import { figureCoverage } from "@l2m/notebook/figure_coverage.ts";
import { figure } from "@l2m/plot/mod.ts";
import type { Data, Layout } from "plotly.js-dist-min";

const { scale, seed, resultsRoot } = notebookParams();
const results = await openResults("00_overview");
const keys = new Map(keyFigures().map((k) => [k.notebook, k]));

/** Loads the key figure of `notebook`, or returns a note on how to produce it. */
async function keyFigure(notebook: string) {
  const key = keys.get(notebook);
  if (!key) return markdown(`No key figure is catalogued for ${notebook}.`);
  try {
    const spec = await loadFigure(notebook, key.figure, { root: resultsRoot });
    return figure(spec.data as Data[], spec.layout as Partial<Layout>);
  } catch {
    const prefix = notebook.slice(0, 2);
    return markdown(
      `*${key.description}* (\`${key.figure}\`) is not in \`${resultsRoot}/${notebook}/\` yet: run ` +
        `\`deno task reproduce --only ${prefix}\` (or open [${notebook}](${notebook}.ipynb)) and rerun this cell.`,
    );
  }
}
markdown(`Results root \`${resultsRoot}\`, scale **${scale}**, seed ${seed}.`);

// %% [markdown]
// ## 1 · Long context is expensive — [01 · Long-context cost](01_long_context_cost.ipynb)
//
// Full attention keeps every key and value: its memory grows as $L$ and its time as $L^2$. Linear attention,
// sliding windows, sparse attention and SSMs trade that cost for a smaller state. The question of the
// material: how small may the state be?

// %%
await keyFigure("01_long_context_cost");

// %% [markdown]
// ## 2 · Bipartite, not two-point, mutual information — [02](02_bipartite_vs_two_point.ipynb)
//
// Two-point MI $I(w_i;w_{i+d})$ can decay fast while the MI between whole segments keeps growing, and the
// other way round. Processes with known MI show why the bipartite quantity is the right one.

// %%
await keyFigure("02_bipartite_vs_two_point");

// %% [markdown]
// ## 3 · Measuring $I(X;Y)\sim L^\beta$ on text — [03](03_measuring_bipartite_mi.ipynb)
//
// The direct and vCLUB estimators, with the paper's PG19 values overlaid: the BMI of natural text follows a
// power law (paper: β ≈ 0.71–0.76 with LLaMA-3.1-405B).

// %%
await keyFigure("03_measuring_bipartite_mi");

// %% [markdown]
// ## 4 · Data with exactly known MI — [04 · Sub-volume Gaussian](04_subvolume_gaussian.ipynb)
//
// Gaussian sequences built layer by layer whose BMI is a power law ($\beta\approx0.79$) or a logarithm, with
// exact conditionals: the test bed for models.

// %%
await keyFigure("04_subvolume_gaussian");

// %% [markdown]
// ## 5 · Transformers vs SSMs on that data — [05](05_training_on_gaussians.ipynb)
//
// Exact KL after training. The paper's result: the Transformer's KV cache keeps up with the growing MI, a
// fixed SSM state falls behind as $L$ grows, and the SSMs' KL collapses onto $I^{BP}/\dim z$. At the
// default laptop scale the SSM half shows (rising, ordered by size, collapsing). The Transformers stay below
// every SSM. The larger one keeps its KL under 1 % of the context-free level up to $L=64$, but both rise at
// the longest length, where they are still learning when the run ends (notebook 05, sections 6 and 7).

// %%
await keyFigure("05_training_on_gaussians");

// %% [markdown]
// ## 6 · The same on text — [06 · Position-wise loss](06_position_wise_loss.ipynb)
//
// Position-wise NLL of a Transformer and an SSM of matched size trained on long text.

// %%
await keyFigure("06_position_wise_loss");

// %% [markdown]
// ## 7 · History state and the L²M condition — [07](07_history_state_and_l2m.ipynb)
//
// What $z$ is for each architecture, the capacity bound $I_q\le C\dim z+\log M$ measured on trained SSMs,
// and the condition $\dim z\succsim L^\beta$ with the measured β, extrapolated to $10^6$ tokens.

// %%
await keyFigure("07_history_state_and_l2m");

// %% [markdown]
// ## 8 · Beyond the paper: the sparsity frontier — [08](08_sparsity_frontier.ipynb)
//
// Models whose state grows as $L^\gamma$ for γ between 0 and 1, trained and compared with the exact KL floor
// of their retained sets: is $\gamma=\beta$ enough?

// %%
await keyFigure("08_sparsity_frontier");

// %% [markdown]
// ## Every figure of the material
//
// Each slide of the talk and each figure or table of the paper, the notebook output that reproduces it, and
// whether that output exists in this results folder. The HTML report's index shows the same table with the
// paper's published values next to the project's.

// %%
const coverage = await figureCoverage(resultsRoot);
const rows = coverage.rows.map(({ row, outputs, present }) => ({
  source: row.source,
  "slide / figure": row.label,
  "reproduced by": outputs.map((o) => `${o.entry.notebook} · ${o.entry.output.name}`).join("; "),
  produced: `${present} of ${outputs.length}`,
}));
await results.saveTable("figure_coverage", from(rows));
await results.note("catalogued_outputs", FIGURE_CATALOG.length);
showTable(from(rows), { caption: "Figures of the material and their notebooks", limit: 30 });

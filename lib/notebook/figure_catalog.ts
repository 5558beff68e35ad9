/**
 * The catalogue of every figure of the material (the ten-slide talk and the L²M paper, Chen et al.,
 * arXiv 2503.04725): which notebook reproduces it, the figure or table it saves, and, where the paper
 * publishes a comparable number, how to read the paper's value and the project's value.
 *
 * {@link FIGURE_ROWS} copies the rows of the project's figure specification (first column and the chart
 * to build), so the catalogue and its tests stand alone; {@link FIGURE_CATALOG} maps each row to outputs.
 * `figure_coverage.ts` checks the outputs against a results folder and renders the report section.
 *
 * @example
 * ```ts
 * import { FIGURE_CATALOG, FIGURE_ROWS } from "@l2m/notebook/figure_catalog.ts";
 * const covered = new Set(FIGURE_CATALOG.flatMap((e) => e.rows));
 * console.assert(FIGURE_ROWS.every((r) => covered.has(r.id)));
 * ```
 * @module
 */

/** One row of the figure specification. */
export interface FigureRow {
  /** Stable id: `slide-01` … `slide-10`, or `paper-` plus the figure label. */
  id: string;
  source: "slide" | "paper";
  /** First column of the row: the slide title or the paper's figure label. */
  label: string;
  /** Chart that the specification requires for the row. */
  chart: string;
}

/** The 22 rows (10 slides, 12 paper figures and tables) every catalogue entry refers to. */
export const FIGURE_ROWS: readonly FigureRow[] = [
  {
    id: "slide-01",
    source: "slide",
    label: "Long-context modelling is crucial",
    chart:
      "measured per-position NLL of a trained model on a long document (loss keeps falling with context)",
  },
  {
    id: "slide-02",
    source: "slide",
    label: "Cost vs performance trade-off",
    chart: "time and memory vs L for each architecture family (FLOPs and history-state bytes), log-log",
  },
  {
    id: "slide-03",
    source: "slide",
    label: "Universal framework: bipartite MI",
    chart: "token split illustration (text annotated by segment) + measured BMI vs L with power-law fit",
  },
  {
    id: "slide-04",
    source: "slide",
    label: "History state in LLMs",
    chart: "diagram as a chart: tokens on x, history-state size per step for a chosen model",
  },
  {
    id: "slide-05",
    source: "slide",
    label: "History state in Transformers",
    chart: "KV-cache size vs position for GPT-2 configs",
  },
  {
    id: "slide-06",
    source: "slide",
    label: "History state in SSMs",
    chart: "state size vs position for Mamba configs (flat)",
  },
  {
    id: "slide-07",
    source: "slide",
    label: "Necessary scaling of history state",
    chart: "L²M condition chart: required L^β (from a measured β) vs dim z of each architecture; regions",
  },
  {
    id: "slide-08",
    source: "slide",
    label: "Experimental confirmation",
    chart: "Fig. 3 (a, b, c): KL vs L for GPT-2 and Mamba; collapse onto I^BP/dim z",
  },
  {
    id: "slide-09",
    source: "slide",
    label: "Neither Transformer nor SSM is optimal",
    chart: "table plus chart of state and time vs L",
  },
  {
    id: "slide-10",
    source: "slide",
    label: "Optimal level of sparsity?",
    chart: "history-state growth classes vs L^β, and measured KL of models built with each class",
  },
  {
    id: "paper-fig-1",
    source: "paper",
    label: "Fig. 1",
    chart: "X/Y split; AR model with history state; max I_q vs L against L^β",
  },
  {
    id: "paper-fig-2",
    source: "paper",
    label: "Fig. 2",
    chart:
      "(a) bipartite vs two-point schematic, (b) BMI vs L with fits, (c) two-point MI vs d; paper overlaid",
  },
  {
    id: "paper-fig-3",
    source: "paper",
    label: "Fig. 3",
    chart: "(a) KL vs L for Transformers, (b) for SSMs, (c) KL vs I^BP/(hidden·layers); exact KL",
  },
  {
    id: "paper-fig-4-g9",
    source: "paper",
    label: "Fig. 4, G.9",
    chart: "position-wise conditional NLL, Transformer vs SSM of matched size, trained on real text",
  },
  {
    id: "paper-fig-b1",
    source: "paper",
    label: "Fig. B.1",
    chart: "BMI with another estimator LM / another dataset",
  },
  {
    id: "paper-fig-b2",
    source: "paper",
    label: "Fig. B.2",
    chart: "BMI for split ratios L/ℓ = 3, 4",
  },
  {
    id: "paper-fig-b3",
    source: "paper",
    label: "Fig. B.3",
    chart: "direct estimator with and without the n-gram start-of-Y correction",
  },
  {
    id: "paper-fig-b4-b5",
    source: "paper",
    label: "Fig. B.4, B.5",
    chart: "two-point MI, raw vs bias-corrected, with the fitted offset",
  },
  {
    id: "paper-fig-c6",
    source: "paper",
    label: "Fig. C.6",
    chart: "(a) exact BMI of both Gaussian families vs L up to 65,536; (b) antipodal two-point MI",
  },
  {
    id: "paper-fig-g7",
    source: "paper",
    label: "Fig. G.7",
    chart: "position-wise KL at several L for both families of models",
  },
  {
    id: "paper-fig-g8",
    source: "paper",
    label: "Fig. G.8",
    chart: "average and position-wise NLL on the Gaussian data",
  },
  {
    id: "paper-table-f1-f2",
    source: "paper",
    label: "Table F.1, F.2",
    chart: "model configuration tables from the library's presets, with history-state size and parameters",
  },
];

/** A paper value read from `datasets/paper_reference/mi_fits.csv` (a legend fit of the paper's figures). */
export interface PaperFitReference {
  kind: "fit";
  /** `figure`, `dataset` and `series` columns of the row. */
  figure: string;
  dataset: string;
  series: string;
  /** `exponent` (β or α), or the fitted law evaluated at `x` (`prefactor · x^exponent`). */
  value: "exponent" | { at: number };
}

/** A value the paper states in its text, with where it is stated. */
export interface PaperTextReference {
  kind: "text";
  value: number;
  source: string;
}

/** Location of the project's value: the first row of a saved table that matches `where`. */
export interface ProjectValue {
  notebook: string;
  table: string;
  /** Column → expected value; strings match case-insensitively as substrings. */
  where: Record<string, string | number>;
  column: string;
  /** Factor applied to the value read (e.g. 64 copies). */
  scale?: number;
}

/** A number the paper publishes next to the project's measurement of it. */
export interface Comparison {
  quantity: string;
  paper: PaperFitReference | PaperTextReference;
  project: ProjectValue;
}

/** One output of a notebook that reproduces one or more rows. */
export interface CatalogEntry {
  /** Rows of {@link FIGURE_ROWS} this output covers. */
  rows: string[];
  description: string;
  /** Notebook name without extension, e.g. `07_history_state_and_l2m`. */
  notebook: string;
  /** Saved figure or table name (the first argument of `saveFigure` / `saveTable`). */
  output: { kind: "figure" | "table"; name: string };
  comparisons?: Comparison[];
  /** Marks the figure the overview shows for its notebook (else the notebook's first catalogue figure). */
  key?: boolean;
}

const N01 = "01_long_context_cost";
const N02 = "02_bipartite_vs_two_point";
const N03 = "03_measuring_bipartite_mi";
const N04 = "04_subvolume_gaussian";
const N05 = "05_training_on_gaussians";
const N06 = "06_position_wise_loss";
const N07 = "07_history_state_and_l2m";
const N08 = "08_sparsity_frontier";

const betaPg19 = (series: "direct" | "vclub"): Comparison => ({
  quantity: `β (${series}), long book vs PG19`,
  paper: { kind: "fit", figure: "2b", dataset: "pg19", series, value: "exponent" },
  project: {
    notebook: N03,
    table: "exponents",
    where: { quantity: "β", estimator: series, corpus: "moby" },
    column: "estimate",
  },
});

const betaWiki = (series: "direct" | "vclub"): Comparison => ({
  quantity: `β (${series}), second corpus vs Wikipedia`,
  paper: { kind: "fit", figure: "2c(v1)", dataset: "wikipedia", series, value: "exponent" },
  project: {
    notebook: N03,
    table: "exponents",
    where: { quantity: "β", estimator: series, corpus: "sotu" },
    column: "estimate",
  },
});

/** Every output that reproduces a row, in the order of the material. */
export const FIGURE_CATALOG: readonly CatalogEntry[] = [
  {
    rows: ["slide-01"],
    description: "Position-wise NLL of models trained on long text: the loss keeps falling with context",
    notebook: N06,
    output: { kind: "figure", name: "fig4_positionwise_nll" },
  },
  {
    rows: ["slide-02"],
    description: "Prefill FLOPs, decode FLOPs and history-state bytes against L for each architecture family",
    notebook: N01,
    output: { kind: "figure", name: "cost_vs_length" },
  },
  {
    rows: ["slide-03", "paper-fig-1"],
    description: "A sentence tokenized and split into X | Y at ℓ",
    notebook: N07,
    output: { kind: "figure", name: "token_split" },
  },
  {
    rows: ["slide-03", "paper-fig-2"],
    description: "Measured BMI against L with power-law fits, paper's PG19 points overlaid (Fig. 2b)",
    notebook: N03,
    output: { kind: "figure", name: "fig2b_bmi_vs_length" },
    comparisons: [betaPg19("direct"), betaPg19("vclub")],
  },
  {
    rows: ["paper-fig-2"],
    description: "Bipartite vs two-point MI on processes with known MI (Fig. 2a, as data)",
    notebook: N02,
    output: { kind: "figure", name: "hmm_bmi_two_point" },
  },
  {
    rows: ["paper-fig-2", "paper-fig-b4-b5"],
    description:
      "Two-point MI against distance, raw and bias-corrected with the fitted offset (Fig. 2c, B.4, B.5)",
    notebook: N03,
    output: { kind: "figure", name: "fig2c_two_point" },
    comparisons: [{
      quantity: "α, long book vs PG19",
      paper: { kind: "fit", figure: "2c", dataset: "pg19", series: "two_point_corrected", value: "exponent" },
      project: {
        notebook: N03,
        table: "exponents",
        where: { quantity: "α", corpus: "moby" },
        column: "estimate",
      },
    }],
  },
  {
    rows: ["slide-04", "paper-fig-1"],
    description: "History-state diagram: tokens on x, the state carried at each step",
    notebook: N07,
    output: { kind: "figure", name: "history_state_diagram" },
  },
  {
    rows: ["slide-05"],
    description: "KV-cache size against position for GPT-2 sizes and a grouped-query Llama",
    notebook: N07,
    output: { kind: "figure", name: "kv_cache_vs_position" },
  },
  {
    rows: ["slide-06"],
    description: "Recurrent state against position for Mamba and Mamba-2 sizes (flat)",
    notebook: N07,
    output: { kind: "figure", name: "ssm_state_vs_position" },
  },
  {
    rows: ["slide-07", "paper-fig-1"],
    description: "L²M condition: required L^β from the measured β against dim z of each architecture",
    notebook: N07,
    output: { kind: "figure", name: "l2m_condition" },
    key: true,
  },
  {
    rows: ["slide-07", "paper-fig-1"],
    description: "BMI extrapolated to 10⁶ tokens from the fitted power laws",
    notebook: N07,
    output: { kind: "table", name: "bmi_extrapolation" },
    comparisons: [{
      quantity: "BMI at L = 10⁶ (nats), direct fit",
      paper: { kind: "fit", figure: "2b", dataset: "pg19", series: "direct", value: { at: 1e6 } },
      project: {
        notebook: N07,
        table: "bmi_extrapolation",
        where: { estimator: "direct", source: "notebook 03" },
        column: "bmi_at_1e6",
      },
    }],
  },
  {
    rows: ["paper-fig-1"],
    description: "Capacity bound: maximal BMI expressed by trained SSMs against their state size",
    notebook: N07,
    output: { kind: "figure", name: "capacity_bound" },
  },
  {
    rows: ["slide-08", "paper-fig-3"],
    description: "Average KL against L for Transformers and SSMs, and the collapse onto I^BP/(hidden·layers)",
    notebook: N05,
    output: { kind: "figure", name: "fig3_kl_vs_length" },
  },
  {
    rows: ["slide-09"],
    description: "Transformer vs SSM: history state and time against L (chart and table)",
    notebook: N07,
    output: { kind: "figure", name: "transformer_vs_ssm" },
  },
  {
    rows: ["slide-09"],
    description: "Transformer vs SSM state and time growth exponents (table)",
    notebook: N07,
    output: { kind: "table", name: "transformer_vs_ssm" },
  },
  {
    rows: ["slide-10"],
    description: "History-state growth classes against the requirement L^β",
    notebook: N08,
    output: { kind: "figure", name: "sparsity_classes" },
  },
  {
    rows: ["slide-10"],
    description: "Measured KL of Θ(L^γ) models against L, with exact KL floors, and per class",
    notebook: N08,
    output: { kind: "figure", name: "kl_vs_length" },
    key: true,
  },
  {
    rows: ["paper-fig-4-g9"],
    description: "Position-wise NLL, Transformer vs SSM of matched size, trained on text (Fig. 4, G.9)",
    notebook: N06,
    output: { kind: "figure", name: "fig4_positionwise_nll" },
  },
  {
    rows: ["paper-fig-b1"],
    description: "BMI with a second estimator model: a Transformer trained here",
    notebook: N06,
    output: { kind: "figure", name: "bmi_with_trained_transformer" },
  },
  {
    rows: ["paper-fig-b1"],
    description: "BMI on a second corpus (same pipeline), Wikipedia values for comparison",
    notebook: N03,
    output: { kind: "table", name: "exponents" },
    comparisons: [betaWiki("direct"), betaWiki("vclub")],
  },
  {
    rows: ["paper-fig-b2"],
    description: "BMI for split ratios L/ℓ = 3 and 4",
    notebook: N03,
    output: { kind: "figure", name: "figB2_split_ratios" },
  },
  {
    rows: ["paper-fig-b3"],
    description: "Direct estimator with and without the n-gram start-of-Y correction",
    notebook: N03,
    output: { kind: "figure", name: "figB3_correction" },
  },
  {
    rows: ["paper-fig-c6"],
    description: "Exact BMI of both Gaussian families up to L = 65,536, and antipodal two-point MI",
    notebook: N04,
    output: { kind: "figure", name: "fig_c6" },
    comparisons: [{
      quantity: "β of Gaussian family 1",
      paper: { kind: "text", value: 0.79, source: "App. C: BMI of family 1 grows with exponent 0.79" },
      project: { notebook: N04, table: "fits", where: { family: 1 }, column: "power_law_beta" },
    }],
  },
  {
    rows: ["paper-fig-g7"],
    description: "Position-wise KL at several L for Transformers and SSMs",
    notebook: N05,
    output: { kind: "figure", name: "figG7_positionwise_kl" },
  },
  {
    rows: ["paper-fig-g8"],
    description: "Average and position-wise NLL on the Gaussian data",
    notebook: N05,
    output: { kind: "figure", name: "figG8_nll" },
  },
  {
    rows: ["paper-table-f1-f2"],
    description: "Table F.1: Gaussian-experiment models with parameters and dim z",
    notebook: N05,
    output: { kind: "table", name: "table_f1_models" },
  },
  {
    rows: ["paper-table-f1-f2"],
    description: "Table F.2: text-experiment models with parameters and dim z",
    notebook: N06,
    output: { kind: "table", name: "table_f2_models" },
  },
];

/** Returns each catalogued notebook's key figure for the overview: its `key` entry, else its first figure. */
export function keyFigures(): { notebook: string; figure: string; description: string }[] {
  const chosen = new Map<string, CatalogEntry>();
  for (const e of FIGURE_CATALOG) {
    if (e.output.kind !== "figure") continue;
    if (!chosen.has(e.notebook) || (e.key && !chosen.get(e.notebook)!.key)) chosen.set(e.notebook, e);
  }
  return [...chosen.values()]
    .map((e) => ({ notebook: e.notebook, figure: e.output.name, description: e.description }))
    .sort((a, b) => a.notebook.localeCompare(b.notebook));
}

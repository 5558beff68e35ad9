/**
 * The one visual theme of every L2M Lab chart: font, colour sequence, grid, margins and the style of
 * reference values from the L²M paper (Chen et al., arXiv 2503.04725). Figures merge {@link BASE_LAYOUT} under their own layout, so a chart sets
 * only what is specific to it and still looks like the others.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { themedLayout } from "@l2m/plot/theme.ts";
 * const layout = themedLayout({ title: { text: "BMI vs L" }, xaxis: { type: "log" } });
 * assert.ok(layout.font?.family !== undefined);
 * assert.ok(layout.xaxis?.type === "log");
 * ```
 * @module
 */
import type { Layout } from "plotly.js-dist-min";

/** Colour sequence for series, in order: the Okabe–Ito palette, which stays distinct for colour-blind readers. */
export const COLORWAY: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#000000", // black
  "#F0E442", // yellow, last because it is faint on white
];

/** Colour of reference series taken from the L²M paper (dark grey, outside {@link COLORWAY}). */
export const PAPER_COLOR = "#4D4D4D";

/** Legend label given to reference series taken from the L²M paper. */
export const PAPER_LABEL = "paper";

/** Font stack used for all text in charts. */
export const FONT_FAMILY = "Inter, 'Helvetica Neue', Helvetica, Arial, sans-serif";

const AXIS = {
  showgrid: true,
  gridcolor: "#E5E5E5",
  zeroline: false,
  showline: true,
  linecolor: "#444444",
  ticks: "outside",
  tickcolor: "#444444",
  mirror: false,
  automargin: true,
} as const;

/** Layout defaults shared by every figure. */
export const BASE_LAYOUT: Partial<Layout> = {
  font: { family: FONT_FAMILY, size: 13, color: "#222222" },
  colorway: [...COLORWAY],
  paper_bgcolor: "#FFFFFF",
  plot_bgcolor: "#FFFFFF",
  margin: { l: 64, r: 24, t: 56, b: 56 },
  hovermode: "closest",
  legend: { bgcolor: "rgba(255,255,255,0.8)", bordercolor: "#CCCCCC", borderwidth: 1 },
  xaxis: { ...AXIS },
  yaxis: { ...AXIS },
  width: undefined,
  height: 420,
};

/** Returns the colour of the `index`-th series, cycling through {@link COLORWAY}. */
export function colorAt(index: number): string {
  const n = COLORWAY.length;
  return COLORWAY[((Math.trunc(index) % n) + n) % n]!;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep-merges plain objects: values in `over` win, arrays and primitives are replaced, not merged. */
export function deepMerge<T extends Record<string, unknown>>(base: T, over: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out as T;
}

/**
 * Returns `layout` merged over {@link BASE_LAYOUT}. Every axis the layout names (`xaxis2`, `yaxis3`, …)
 * gets the shared axis style too; undefined theme entries are dropped so the JSON stays small.
 */
export function themedLayout(layout: Partial<Layout> = {}): Partial<Layout> {
  const base: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(BASE_LAYOUT)) if (value !== undefined) base[key] = value;
  for (const key of Object.keys(layout)) {
    if (/^[xy]axis\d+$/.test(key)) base[key] = { ...AXIS };
  }
  return deepMerge(base, layout as Record<string, unknown>) as Partial<Layout>;
}

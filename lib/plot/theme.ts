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

/**
 * Colour sequence for series, in order: the hues of the Okabe–Ito palette, which stay distinct for
 * colour-blind readers. Orange, sky blue and yellow are darkened (yellow to olive) so that every colour
 * has at least 3:1 contrast against the white background, the WCAG 2.1 minimum for graphical objects.
 * The original #F0E442 yellow had 1.3:1.
 */
export const COLORWAY: readonly string[] = [
  "#0072B2", // blue, 5.2:1
  "#D55E00", // vermillion, 3.9:1
  "#009E73", // bluish green, 3.4:1
  "#CC79A7", // reddish purple, 3.1:1
  "#A66F00", // dark orange, 4.3:1
  "#3A8FC9", // dark sky blue, 3.5:1
  "#000000", // black, 21:1
  "#7F7F00", // olive (dark yellow), 4.3:1
];

/** Smallest contrast ratio against white that every {@link COLORWAY} entry meets (WCAG 2.1 SC 1.4.11). */
export const MIN_CONTRAST_ON_WHITE = 3;

/** Colour of reference series taken from the L²M paper (dark grey, outside {@link COLORWAY}). */
export const PAPER_COLOR = "#4D4D4D";

/** Line dash and marker of one reference series; all share {@link PAPER_COLOR}. */
export interface ReferenceStyle {
  dash: "dot" | "dash" | "dashdot" | "longdash" | "longdashdot";
  symbol: string;
}

/**
 * The reference palette: the grey and open markers mark a series as the paper's, and the dash and
 * marker symbol tell several paper series of one figure apart. Entry 0 is the default.
 */
export const REFERENCE_STYLES: readonly ReferenceStyle[] = [
  { dash: "dot", symbol: "diamond-open" },
  { dash: "dash", symbol: "square-open" },
  { dash: "dashdot", symbol: "triangle-up-open" },
  { dash: "longdash", symbol: "circle-open" },
  { dash: "longdashdot", symbol: "x-open" },
];

/** Returns the `index`-th reference style, cycling through {@link REFERENCE_STYLES}. */
export function referenceStyle(index: number): ReferenceStyle {
  const n = REFERENCE_STYLES.length;
  return REFERENCE_STYLES[((Math.trunc(index) % n) + n) % n]!;
}

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

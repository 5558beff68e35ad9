/**
 * Builders for the traces and layouts the notebooks draw: line/scatter series with error bars or
 * confidence bands, power-law fit curves, reference values from the L²M paper (Chen et al., arXiv
 * 2503.04725), bars, heatmaps, annotations and linear or log-log axes. Every builder computes its trace from the arrays it is given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chart, powerLawSeries, referenceSeries, series } from "@l2m/plot/charts.ts";
 * const L = [64, 128, 256, 512];
 * const fig = chart({
 *   title: "Bipartite MI vs L",
 *   x: { title: "L (tokens)", log: true },
 *   y: { title: "I(X;Y) (nats)", log: true },
 *   data: [
 *     series({ name: "measured", x: L, y: [3.1, 4.0, 5.2, 6.7] }),
 *     powerLawSeries({ prefactor: 0.8, exponent: 0.35, from: 64, to: 512 }),
 *     referenceSeries({ x: [64, 512], y: [3.0, 6.5] }),
 *   ],
 * });
 * assert.ok(fig.data.length === 3 && fig.layout.xaxis?.type === "log");
 * ```
 * @module
 */
import type { Annotations, Data, Layout } from "plotly.js-dist-min";
import { InputError } from "../util/errors.ts";
import { Figure } from "./figure.ts";
import { colorAt, deepMerge, PAPER_COLOR, PAPER_LABEL, referenceStyle } from "./theme.ts";

/** Numbers as a plain array or a typed array. */
export type Numbers = ArrayLike<number>;

/** Symmetric error bars (one half-width per point) or asymmetric ones. */
export type ErrorBars = Numbers | { minus: Numbers; plus: Numbers };

/** Options shared by series builders. */
export interface SeriesOptions {
  name: string;
  x: Numbers | readonly string[];
  y: Numbers;
  /** Error bar half-widths, in the units of `y`. */
  error?: ErrorBars;
  mode?: "lines" | "markers" | "lines+markers";
  /** Explicit colour; otherwise `colorIndex` picks from the theme's colour sequence. */
  color?: string;
  colorIndex?: number;
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** Axis ids for multi-panel figures (`"x2"`, `"y2"`); {@link subplots} sets them. */
  xaxis?: string;
  yaxis?: string;
  legendgroup?: string;
  showlegend?: boolean;
}

function list(values: Numbers | readonly string[]): (number | string)[] {
  return Array.from(values as ArrayLike<number | string>);
}

function checkSameLength(what: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    throw new InputError(
      `${what}: x has ${a.length} values but y has ${b.length}; pass arrays of equal length`,
    );
  }
}

function errorBar(
  error: ErrorBars | undefined,
  n: number,
  name: string,
): Record<string, unknown> | undefined {
  if (error === undefined) return undefined;
  if ("minus" in error) {
    checkSameLength(`error bars of "${name}"`, error.minus, error.plus);
    checkSameLength(`error bars of "${name}"`, error.minus, { length: n });
    return {
      type: "data",
      symmetric: false,
      array: list(error.plus),
      arrayminus: list(error.minus),
      thickness: 1.2,
    };
  }
  checkSameLength(`error bars of "${name}"`, error, { length: n });
  return { type: "data", array: list(error), thickness: 1.2 };
}

/** Builds a scatter trace (lines, markers or both) with optional error bars. */
export function series(options: SeriesOptions): Data {
  checkSameLength(`series "${options.name}"`, options.x, options.y);
  const color = options.color ?? (options.colorIndex === undefined ? undefined : colorAt(options.colorIndex));
  const mode = options.mode ?? "lines+markers";
  const trace: Record<string, unknown> = {
    type: "scatter",
    name: options.name,
    x: list(options.x),
    y: list(options.y),
    mode,
    line: { width: 2, dash: options.dash ?? "solid", ...(color ? { color } : {}) },
    marker: { size: 6, ...(color ? { color } : {}) },
  };
  const error = errorBar(options.error, options.y.length, options.name);
  if (error) trace.error_y = { ...error, ...(color ? { color } : {}) };
  for (const key of ["xaxis", "yaxis", "legendgroup", "showlegend"] as const) {
    if (options[key] !== undefined) trace[key] = options[key];
  }
  return trace as Data;
}

/** Options of {@link band}. */
export interface BandOptions {
  name: string;
  x: Numbers;
  lower: Numbers;
  upper: Numbers;
  color?: string;
  colorIndex?: number;
  /** Fill opacity, 0–1. */
  opacity?: number;
  xaxis?: string;
  yaxis?: string;
}

function rgba(hex: string, alpha: number): string {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!match) return hex;
  const value = parseInt(match[1]!, 16);
  return `rgba(${value >> 16},${(value >> 8) & 255},${value & 255},${alpha})`;
}

/**
 * Builds a shaded confidence band between `lower` and `upper` as two traces (the lower edge, then the
 * upper edge filled down to it). Put it before the series it belongs to so the line is drawn on top.
 */
export function band(options: BandOptions): Data[] {
  checkSameLength(`band "${options.name}"`, options.x, options.lower);
  checkSameLength(`band "${options.name}"`, options.x, options.upper);
  const color = options.color ?? colorAt(options.colorIndex ?? 0);
  const axes = {
    ...(options.xaxis ? { xaxis: options.xaxis } : {}),
    ...(options.yaxis ? { yaxis: options.yaxis } : {}),
  };
  const edge = { type: "scatter", mode: "lines", line: { width: 0, color }, hoverinfo: "skip", ...axes };
  return [
    {
      ...edge,
      name: `${options.name} (lower)`,
      x: list(options.x),
      y: list(options.lower),
      showlegend: false,
    },
    {
      ...edge,
      name: options.name,
      x: list(options.x),
      y: list(options.upper),
      fill: "tonexty",
      fillcolor: rgba(color, options.opacity ?? 0.2),
    },
  ] as Data[];
}

/** Options of {@link powerLawSeries}: the curve y = prefactor · x^exponent over [from, to]. */
export interface PowerLawOptions {
  prefactor: number;
  exponent: number;
  from: number;
  to: number;
  /** Number of log-spaced points on the curve. */
  points?: number;
  name?: string;
  color?: string;
  colorIndex?: number;
  xaxis?: string;
  yaxis?: string;
}

/** Returns `n` points spaced evenly in log scale from `from` to `to`, both included. */
export function logSpace(from: number, to: number, n: number): number[] {
  if (!(from > 0 && to > from && Number.isFinite(to))) {
    throw new InputError(`invalid range [${from}, ${to}]: use 0 < from < to for a log-spaced range`);
  }
  if (!Number.isInteger(n) || n < 2) throw new InputError(`invalid point count ${n}: use an integer >= 2`);
  const ratio = Math.log(to / from);
  return Array.from({ length: n }, (_, k) => from * Math.exp((ratio * k) / (n - 1)));
}

/** Builds the dashed curve of a power-law fit, named `fit: a·x^b` unless a name is given. */
export function powerLawSeries(options: PowerLawOptions): Data {
  const { prefactor, exponent } = options;
  if (!Number.isFinite(prefactor) || !Number.isFinite(exponent)) {
    throw new InputError(
      `invalid power law ${prefactor}·x^${exponent}: prefactor and exponent must be finite`,
    );
  }
  const x = logSpace(options.from, options.to, options.points ?? 64);
  const y = x.map((v) => prefactor * v ** exponent);
  const name = options.name ?? `fit: ${prefactor.toPrecision(3)}·x<sup>${exponent.toFixed(3)}</sup>`;
  return series({
    name,
    x,
    y,
    mode: "lines",
    dash: "dash",
    color: options.color,
    colorIndex: options.colorIndex,
    xaxis: options.xaxis,
    yaxis: options.yaxis,
  });
}

/** Options of {@link referenceSeries}: values reported in the paper, drawn in the reference style. */
export interface ReferenceOptions {
  x: Numbers | readonly string[];
  y: Numbers;
  /** Legend label; `paper` by default, e.g. `paper (PG19)`. */
  name?: string;
  error?: ErrorBars;
  xaxis?: string;
  yaxis?: string;
  /**
   * Entry of the reference palette (see {@link referenceStyle}, cycling); default 0. Give each paper
   * series of one figure its own index so that readers can distinguish them.
   */
  styleIndex?: number;
}

/**
 * Builds a reference series: a dark grey line with open markers, labelled `paper`. The dash and the
 * marker symbol come from the reference palette (default: dotted line, diamonds).
 */
export function referenceSeries(options: ReferenceOptions): Data {
  const trace = series({
    name: options.name ?? PAPER_LABEL,
    x: options.x,
    y: options.y,
    error: options.error,
    mode: "lines+markers",
    dash: "dot",
    color: PAPER_COLOR,
    xaxis: options.xaxis,
    yaxis: options.yaxis,
  }) as Record<string, unknown>;
  const style = referenceStyle(options.styleIndex ?? 0);
  trace.marker = { symbol: style.symbol, size: 9, color: PAPER_COLOR, line: { width: 1.5 } };
  trace.line = { width: 1.5, dash: style.dash, color: PAPER_COLOR };
  return trace as Data;
}

/** Builds a bar trace with optional error bars. */
export function bar(options: Omit<SeriesOptions, "mode" | "dash">): Data {
  checkSameLength(`bars "${options.name}"`, options.x, options.y);
  const color = options.color ?? (options.colorIndex === undefined ? undefined : colorAt(options.colorIndex));
  const trace: Record<string, unknown> = {
    type: "bar",
    name: options.name,
    x: list(options.x),
    y: list(options.y),
    ...(color ? { marker: { color } } : {}),
  };
  const error = errorBar(options.error, options.y.length, options.name);
  if (error) trace.error_y = { ...error, color: "#444444" };
  for (const key of ["xaxis", "yaxis", "legendgroup", "showlegend"] as const) {
    if (options[key] !== undefined) trace[key] = options[key];
  }
  return trace as Data;
}

/** Options of {@link heatmap}: `z[row][column]`, with optional column (`x`) and row (`y`) labels. */
export interface HeatmapOptions {
  z: readonly Numbers[];
  x?: Numbers | readonly string[];
  y?: Numbers | readonly string[];
  name?: string;
  colorscale?: string;
  colorbarTitle?: string;
  xaxis?: string;
  yaxis?: string;
}

/** Builds a heatmap trace; `NaN` cells are left blank. */
export function heatmap(options: HeatmapOptions): Data {
  const z = options.z.map((row) => Array.from(row, (v) => (Number.isFinite(v) ? v : null)));
  const width = z[0]?.length ?? 0;
  if (z.some((row) => row.length !== width)) {
    throw new InputError("heatmap: every row of z must have the same length");
  }
  const trace: Record<string, unknown> = {
    type: "heatmap",
    z,
    colorscale: options.colorscale ?? "Viridis",
    colorbar: { title: { text: options.colorbarTitle ?? "" } },
  };
  if (options.x) trace.x = list(options.x);
  if (options.y) trace.y = list(options.y);
  for (const key of ["name", "xaxis", "yaxis"] as const) {
    if (options[key] !== undefined) trace[key] = options[key];
  }
  return trace as Data;
}

/** An axis: its title (with units), log or linear scale, and an optional range in data units. */
export interface AxisSpec {
  title: string;
  /** `true` for a log axis, `false` for a linear one; unset lets Plotly infer the type from the data. */
  log?: boolean;
  /**
   * Axis type when `log` is unset. Without either, Plotly picks linear, date or category from the data,
   * which labelled heatmaps and bar charts need.
   */
  type?: "linear" | "category" | "date";
  /** Range in data units; for log axes it is converted to Plotly's log10 range. */
  range?: [number, number];
}

/** Converts an {@link AxisSpec} into a Plotly axis layout. */
export function axisLayout(axis: AxisSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { title: { text: axis.title } };
  let type: string | undefined = axis.type;
  if (axis.log !== undefined) type = axis.log ? "log" : "linear";
  if (type) out.type = type;
  if (axis.range) out.range = axis.log ? axis.range.map((v) => Math.log10(v)) : [...axis.range];
  if (axis.log) out.exponentformat = "power";
  return out;
}

/** Builds an annotation anchored at data coordinates (with an arrow) or, with `paper: true`, at 0–1 figure coordinates. */
export function annotation(
  options: { x: number | string; y: number; text: string; paper?: boolean },
): Partial<Annotations> {
  return {
    x: options.x,
    y: options.y,
    text: options.text,
    xref: options.paper ? "paper" : "x",
    yref: options.paper ? "paper" : "y",
    showarrow: !options.paper,
    arrowhead: 2,
    font: { size: 12 },
  } as Partial<Annotations>;
}

/** Options of {@link chart}. */
export interface ChartOptions {
  title?: string;
  x: AxisSpec;
  y: AxisSpec;
  data: Data[];
  annotations?: Partial<Annotations>[];
  /** Extra layout entries, deep-merged over the ones built from the options. */
  layout?: Partial<Layout>;
}

/** Builds a single-panel themed figure from traces and two axes. */
export function chart(options: ChartOptions): Figure {
  const layout: Record<string, unknown> = {
    xaxis: axisLayout(options.x),
    yaxis: axisLayout(options.y),
    ...(options.title ? { title: { text: options.title } } : {}),
    ...(options.annotations ? { annotations: options.annotations } : {}),
  };
  const merged = deepMerge(layout, (options.layout ?? {}) as Record<string, unknown>);
  return new Figure({ data: options.data, layout: merged as Partial<Layout> });
}

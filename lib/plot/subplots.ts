/**
 * Multi-panel figures, as in Fig. 3 (a, b, c) of the L²M paper (arXiv 2503.04725): one row (or a grid) of panels, each with its
 * own axes and traces, labelled (a), (b), (c) in the top-left corner.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { series } from "@l2m/plot/charts.ts";
 * import { subplots } from "@l2m/plot/subplots.ts";
 * const fig = subplots([
 *   { title: "Transformer", x: { title: "L", log: true }, y: { title: "KL" }, data: [series({ name: "a", x: [1, 2], y: [3, 4] })] },
 *   { title: "SSM", x: { title: "L", log: true }, y: { title: "KL" }, data: [series({ name: "b", x: [1, 2], y: [5, 6] })] },
 * ]);
 * assert.ok(fig.data[1] !== undefined && (fig.data[1] as { xaxis?: string }).xaxis === "x2");
 * ```
 * @module
 */
import type { Annotations, Data, Layout } from "plotly.js-dist-min";
import { InputError } from "../util/errors.ts";
import { axisLayout, type AxisSpec } from "./charts.ts";
import { Figure } from "./figure.ts";

/** One panel: its traces, axes and an optional title shown after the panel letter. */
export interface Panel {
  data: Data[];
  x: AxisSpec;
  y: AxisSpec;
  title?: string;
}

/** Options of {@link subplots}. */
export interface SubplotOptions {
  /** Panels per row; all panels in one row by default. */
  columns?: number;
  title?: string;
  /** Label panels (a), (b), (c), …; on by default. */
  letters?: boolean;
  /** Figure height in pixels; 380 per row by default. */
  height?: number;
  /** Extra layout entries, applied last. */
  layout?: Partial<Layout>;
}

/** Builds a figure with one set of axes per panel; traces keep their names and colours. */
export function subplots(panels: Panel[], options: SubplotOptions = {}): Figure {
  if (panels.length === 0) throw new InputError("subplots: pass at least one panel");
  const columns = options.columns ?? panels.length;
  if (!Number.isInteger(columns) || columns < 1) {
    throw new InputError(`subplots: invalid column count ${columns}; use a positive integer`);
  }
  const rows = Math.ceil(panels.length / columns);
  const layout: Record<string, unknown> = {
    grid: { rows, columns, pattern: "independent", xgap: 0.18, ygap: 0.3 },
    height: options.height ?? 380 * rows,
    ...(options.title ? { title: { text: options.title } } : {}),
  };
  const data: Data[] = [];
  const annotations: Partial<Annotations>[] = [];

  panels.forEach((panel, index) => {
    const suffix = index === 0 ? "" : String(index + 1);
    for (const trace of panel.data) data.push({ ...trace, xaxis: `x${suffix}`, yaxis: `y${suffix}` } as Data);
    layout[`xaxis${suffix}`] = axisLayout(panel.x);
    layout[`yaxis${suffix}`] = axisLayout(panel.y);
    const letter = options.letters === false ? "" : `(${String.fromCharCode(97 + index)})`;
    const label = [letter, panel.title ?? ""].filter((part) => part !== "").join(" ");
    if (label) {
      annotations.push({
        text: `<b>${letter}</b>${panel.title ? ` ${panel.title}` : ""}`,
        xref: `x${suffix} domain`,
        yref: `y${suffix} domain`,
        x: 0,
        y: 1.02,
        xanchor: "left",
        yanchor: "bottom",
        showarrow: false,
        font: { size: 13 },
      } as unknown as Partial<Annotations>);
    }
  });
  layout.annotations = annotations;
  return new Figure({ data, layout: { ...layout, ...options.layout } as Partial<Layout> });
}

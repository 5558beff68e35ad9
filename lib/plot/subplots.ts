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

const COLORBAR_TRACES = new Set(["heatmap", "contour", "histogram2d", "histogram2dcontour"]);

/** Returns the [start, end] of cell `index` when `count` cells share [0, 1] with `gap` (a fraction of one cell) between them. */
function cellDomain(index: number, count: number, gap: number): [number, number] {
  const size = 1 / (count + (count - 1) * gap);
  const start = index * size * (1 + gap);
  return [start, Math.min(1, start + size)];
}

/**
 * Builds a figure with one set of axes per panel; traces keep their names and colours. Each heatmap or
 * contour trace that shows a colour bar gets it beside its own panel, so bars of different scales do not
 * overlap. When exactly one trace shows a bar (the others set `showscale: false` and share its `zmin` and
 * `zmax`), that bar spans the figure at its right edge.
 */
export function subplots(panels: Panel[], options: SubplotOptions = {}): Figure {
  if (panels.length === 0) throw new InputError("subplots: pass at least one panel");
  const columns = options.columns ?? panels.length;
  if (!Number.isInteger(columns) || columns < 1) {
    throw new InputError(`subplots: invalid column count ${columns}; use a positive integer`);
  }
  const rows = Math.ceil(panels.length / columns);
  const showsColorbar = (trace: Data) => {
    const { type, showscale } = trace as { type?: string; showscale?: boolean };
    return COLORBAR_TRACES.has(String(type)) && showscale !== false;
  };
  const colorbars = panels.flatMap((panel) => panel.data.filter(showsColorbar)).length;
  const xgap = colorbars > 1 ? 0.55 : 0.35;
  const ygap = 0.5;
  const layout: Record<string, unknown> = {
    height: options.height ?? 380 * rows,
    ...(options.title ? { title: { text: options.title } } : {}),
  };
  const data: Data[] = [];
  const annotations: Partial<Annotations>[] = [];

  panels.forEach((panel, index) => {
    const suffix = index === 0 ? "" : String(index + 1);
    const xDomain = cellDomain(index % columns, columns, xgap);
    const [bottom, top] = cellDomain(Math.floor(index / columns), rows, ygap);
    const yDomain: [number, number] = [1 - top, 1 - bottom];
    layout[`xaxis${suffix}`] = { ...axisLayout(panel.x), domain: xDomain, anchor: `y${suffix}` };
    layout[`yaxis${suffix}`] = { ...axisLayout(panel.y), domain: yDomain, anchor: `x${suffix}` };

    for (const trace of panel.data) {
      const placed: Record<string, unknown> = { ...trace, xaxis: `x${suffix}`, yaxis: `y${suffix}` };
      if (showsColorbar(trace)) {
        const shared = colorbars === 1;
        placed.colorbar = {
          ...(placed.colorbar as Record<string, unknown> | undefined),
          x: shared ? 1.02 : xDomain[1] + 0.01,
          xanchor: "left",
          y: shared ? 0.5 : (yDomain[0] + yDomain[1]) / 2,
          yanchor: "middle",
          len: shared ? 1 : yDomain[1] - yDomain[0],
          thickness: 12,
        };
      }
      data.push(placed as Data);
    }

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

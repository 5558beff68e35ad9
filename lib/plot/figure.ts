/**
 * A typed Plotly figure (`{data, layout}`) that renders itself in Jupyter. Its display bundle carries the
 * spec as `application/vnd.plotly.v1+json` (drawn by frontends with a Plotly renderer and by the HTML
 * report) plus a `text/html` fallback: a div and a script that draws it. The fallback inlines plotly.js
 * (the `plotly.js-dist-min` bundle from the project's `node_modules`) only in the first figure output of
 * a kernel session; later outputs reuse `window.Plotly` from the same page. With `L2M_PLOTLY_INLINE=0`
 * (set by the headless runner) no output inlines it: a 5 MB IOPub message is what `deno jupyter` 2.9.6
 * corrupts under load, and the HTML report embeds plotly.js once per page and draws from the JSON spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Figure } from "@l2m/plot/figure.ts";
 * const fig = new Figure({ data: [{ x: [1, 2, 3], y: [2, 4, 8], type: "scatter" }], layout: { title: { text: "t" } } });
 * const spec = fig.toJSON();
 * assert.ok(spec.data.length === 1 && spec.layout.font !== undefined);
 * ```
 * @module
 */
import type { Config, Data, Layout } from "plotly.js-dist-min";
import { fileURLToPath } from "node:url";
import { escapeHtml, jsonForScript } from "../util/escape.ts";
import { deepMerge, themedLayout } from "./theme.ts";

/** The plain JSON form of a figure, as stored in results and in notebook outputs. */
export interface FigureSpec {
  data: Data[];
  layout: Partial<Layout>;
  config?: Partial<Config>;
}

/** Plotly config used when a figure sets none: resizes with its container, no Plotly logo. */
export const DEFAULT_CONFIG: Partial<Config> = { responsive: true, displaylogo: false };

/** Absolute path of the minified plotly.js bundle inside the project's `node_modules`. */
export const PLOTLY_BUNDLE_PATH: string = fileURLToPath(
  new URL("../../node_modules/plotly.js-dist-min/plotly.min.js", import.meta.url),
);

let plotlyCache: string | undefined;

/**
 * Reads the plotly.js bundle (about 4.8 MB for plotly.js-dist-min 3.3.1), once per process.
 * Throws an `Error` naming the path and the fix when `deno install` has not been run.
 */
export function readPlotlyBundle(): string {
  if (plotlyCache !== undefined) return plotlyCache;
  try {
    plotlyCache = Deno.readTextFileSync(PLOTLY_BUNDLE_PATH);
  } catch (error) {
    throw new Error(
      `plotly.js bundle not found at ${PLOTLY_BUNDLE_PATH}: run \`deno install\` in the project root`,
      { cause: error },
    );
  }
  return plotlyCache;
}

/** Returns an inline `<script>` element that defines `window.Plotly`. */
export function plotlyScriptTag(): string {
  return `<script type="text/javascript">${readPlotlyBundle()}</script>`;
}

let plotlyInlined = false;

/** Environment variable that, set to `0`, keeps plotly.js out of every figure output of the process. */
export const PLOTLY_INLINE_ENV = "L2M_PLOTLY_INLINE";

/** Checks whether figure outputs may inline plotly.js: yes unless `L2M_PLOTLY_INLINE` is `0`. */
export function plotlyInliningEnabled(): boolean {
  try {
    return Deno.env.get(PLOTLY_INLINE_ENV) !== "0";
  } catch {
    return true; // no --allow-env: keep the interactive default
  }
}

/** Forgets that plotly.js was inlined, so the next figure output inlines it again (tests, new pages). */
export function resetPlotlyInlining(): void {
  plotlyInlined = false;
}

/** Options of {@link Figure.toHtml}. */
export interface FigureHtmlOptions {
  /** Inline plotly.js before the figure (needed once per page). */
  includePlotly?: boolean;
  /** Element id of the figure's div; a random one by default. */
  divId?: string;
  /** Text shown in the div when `window.Plotly` never appears; names the cell to re-run by default. */
  missingPlotlyText?: string;
}

const RERUN_TEXT = "plotly.js is not loaded on this page: re-run the first cell that shows a figure.";
const HEADLESS_TEXT = "This output was saved by the headless runner without plotly.js: " +
  "open the notebook's page in the HTML report, or re-run this cell.";

/** A Plotly figure with the shared theme applied; see the module documentation. */
export class Figure {
  readonly data: Data[];
  readonly layout: Partial<Layout>;
  readonly config: Partial<Config>;

  /** Builds a figure; `theme: false` keeps `layout` exactly as given. */
  constructor(spec: { data: Data[]; layout?: Partial<Layout>; config?: Partial<Config> }, theme = true) {
    this.data = spec.data;
    this.layout = theme ? themedLayout(spec.layout ?? {}) : (spec.layout ?? {});
    this.config = { ...DEFAULT_CONFIG, ...spec.config };
  }

  /** Returns the plain spec, a deep copy that `JSON.stringify` and Plotly accept. */
  toJSON(): FigureSpec {
    const spec = { data: this.data, layout: this.layout, config: this.config };
    return JSON.parse(JSON.stringify(spec, typedArraysAsLists));
  }

  /** Returns a copy whose layout has `layout` deep-merged over this one (axes ranges, size, legend, …). */
  withLayout(layout: Partial<Layout>): Figure {
    const merged = deepMerge(this.layout as Record<string, unknown>, layout as Record<string, unknown>);
    return new Figure({ data: this.data, layout: merged as Partial<Layout>, config: this.config }, false);
  }

  /** Title text of the figure, or an empty string. */
  get title(): string {
    const title = this.layout.title;
    if (typeof title === "string") return title;
    return title?.text ?? "";
  }

  /** Returns a div and a script that draws the figure with `window.Plotly` once it is defined. */
  toHtml(options: FigureHtmlOptions = {}): string {
    const id = options.divId ?? `l2m-figure-${crypto.randomUUID()}`;
    const height = typeof this.layout.height === "number" ? `${this.layout.height}px` : "420px";
    let prelude = "";
    if (options.includePlotly) {
      try {
        prelude = plotlyScriptTag();
      } catch (error) {
        return `<div class="l2m-figure-error">${escapeHtml((error as Error).message)}</div>`;
      }
    }
    const draw = `(function () {
  var id = ${jsonForScript(id)};
  var spec = ${jsonForScript(this.toJSON())};
  function draw() { window.Plotly.newPlot(id, spec.data, spec.layout, spec.config); }
  if (window.Plotly) { draw(); return; }
  var tries = 0;
  var timer = setInterval(function () {
    if (window.Plotly) { clearInterval(timer); draw(); }
    else if (++tries > 100) {
      clearInterval(timer);
      document.getElementById(id).textContent = ${jsonForScript(options.missingPlotlyText ?? RERUN_TEXT)};
    }
  }, 100);
})();`;
    return `${prelude}<div id="${
      escapeHtml(id)
    }" class="l2m-figure" style="width:100%;height:${height}"></div>` +
      `<script type="text/javascript">${draw}</script>`;
  }

  /**
   * Jupyter MIME bundle; plotly.js is inlined in the first figure output of the process only, and in
   * none when `L2M_PLOTLY_INLINE=0`.
   */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    const inlining = plotlyInliningEnabled();
    const includePlotly = inlining && !plotlyInlined;
    const html = this.toHtml({ includePlotly, missingPlotlyText: inlining ? undefined : HEADLESS_TEXT });
    if (includePlotly && !html.includes("l2m-figure-error")) plotlyInlined = true;
    const title = this.title ? `"${this.title}"` : "untitled";
    return {
      "application/vnd.plotly.v1+json": this.toJSON(),
      "text/html": html,
      "text/plain": `Figure ${title} with ${this.data.length} trace(s)`,
    };
  }
}

/** JSON replacer that writes typed arrays (`Float64Array`, …) as plain lists, as Plotly's JSON schema expects. */
function typedArraysAsLists(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) && !(value instanceof DataView)
    ? Array.from(value as unknown as ArrayLike<number>)
    : value;
}

/** Builds a themed {@link Figure} from traces and a layout. */
export function figure(data: Data[], layout: Partial<Layout> = {}, config?: Partial<Config>): Figure {
  return new Figure({ data, layout, config });
}

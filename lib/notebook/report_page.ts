/**
 * One self-contained HTML page per executed notebook: markdown cells rendered with math, code cells
 * highlighted, and every output shown. Text from outputs is escaped; `text/html` outputs are trusted as
 * produced by the library's display helpers, which escape data where they build the HTML. Plotly figures
 * are drawn from their JSON spec by one script at the end of the page, after plotly.js (inlined once).
 * A Content-Security-Policy allows only inline scripts carrying the page's nonce and `data:` fonts and
 * images, so a page cannot reach the network.
 * @module
 */
import hljs from "highlight.js";
import { escapeHtml, jsonForScript, stripAnsi } from "../util/escape.ts";
import { base64, highlightCss, katexCss, PAGE_CSS, plotlyJs } from "./report_assets.ts";
import { markdownTitle, renderMarkdown, renderMath } from "./report_markdown.ts";
import type { Ipynb, IpynbCell } from "./source.ts";

/** A figure found in a notebook's outputs, numbered from 1 in page order. */
export interface PageFigure {
  index: number;
  spec: { data: unknown[]; layout?: Record<string, unknown>; config?: Record<string, unknown> };
}

/** Options of {@link renderNotebookPage}. */
export interface PageOptions {
  /** Notebook name (file name without `.ipynb`). */
  name: string;
  /** One line of run facts shown under the title, as plain text. */
  runInfo?: string;
  /** Relative link target for the figure with this 1-based index, if static images were exported. */
  figureLink?: (index: number) => string | undefined;
}

/** A rendered page and the figures it draws. */
export interface RenderedPage {
  title: string;
  html: string;
  figures: PageFigure[];
}

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Returns the cell's source as one string (nbformat allows a string or a list of lines). */
export function cellSource(cell: IpynbCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : JSON.stringify(value, null, 2) ?? "";
}

/** Applies carriage returns as a terminal would (progress lines overwrite themselves). */
function applyCarriageReturns(stream: string): string {
  return stream.split("\n").map((line) => line.slice(line.lastIndexOf("\r") + 1)).join("\n");
}

function pre(content: string, className: string): string {
  return `<div class="output ${className}"><pre>${escapeHtml(content)}</pre></div>`;
}

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

class PageBuilder {
  readonly figures: PageFigure[] = [];

  constructor(private readonly options: PageOptions) {}

  figure(spec: unknown): string {
    const value = spec as PageFigure["spec"];
    if (!value || !Array.isArray(value.data)) return pre(text(spec), "plain");
    const index = this.figures.length + 1;
    this.figures.push({ index, spec: value });
    const height = typeof value.layout?.height === "number" ? `${value.layout.height}px` : "450px";
    const link = this.options.figureLink?.(index);
    const links = link
      ? `<div class="figure-links"><a href="${escapeHtml(link)}">static image</a></div>`
      : "";
    return `<div class="output figure"><div class="l2m-figure" id="figure-${index}" data-figure="${index}" ` +
      `style="height:${height}"></div><script type="application/json" id="figure-${index}-spec">` +
      `${jsonForScript(value)}</script>${links}</div>`;
  }

  data(bundle: Record<string, unknown>): string {
    if (PLOTLY_MIME in bundle) return this.figure(bundle[PLOTLY_MIME]);
    if ("text/html" in bundle) return `<div class="output html">${text(bundle["text/html"])}</div>`;
    for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
      const data = text(bundle[mime]);
      if (mime in bundle && BASE64.test(data)) {
        return `<div class="output image"><img alt="output image" src="data:${mime};base64,${
          data.replace(/\s/g, "")
        }"></div>`;
      }
    }
    if ("image/svg+xml" in bundle) {
      // As an <img>, an SVG cannot run scripts or load anything.
      const svg = base64(new TextEncoder().encode(text(bundle["image/svg+xml"])));
      return `<div class="output image"><img alt="output image" src="data:image/svg+xml;base64,${svg}"></div>`;
    }
    if ("text/markdown" in bundle) {
      return `<div class="output markdown">${renderMarkdown(text(bundle["text/markdown"]))}</div>`;
    }
    if ("text/latex" in bundle) {
      const tex = text(bundle["text/latex"]).trim().replace(/^\$\$?|\$\$?$/g, "");
      return `<div class="output latex">${renderMath(tex, true)}</div>`;
    }
    if ("application/json" in bundle) return pre(JSON.stringify(bundle["application/json"], null, 2), "json");
    if ("text/plain" in bundle) return pre(stripAnsi(text(bundle["text/plain"])), "plain");
    return pre(`(output with unsupported MIME types: ${Object.keys(bundle).join(", ")})`, "plain");
  }

  output(output: Record<string, unknown>): string {
    switch (output.output_type) {
      case "stream": {
        const name = output.name === "stderr" ? "stderr" : "stdout";
        return pre(applyCarriageReturns(stripAnsi(text(output.text))), `stream ${name}`);
      }
      case "display_data":
      case "execute_result":
        return this.data((output.data ?? {}) as Record<string, unknown>);
      case "error": {
        const traceback = stripAnsi(text((output.traceback as string[] | undefined)?.join("\n") ?? ""));
        const head = `${text(output.ename)}: ${text(output.evalue)}`;
        return pre(
          traceback.includes(text(output.evalue)) ? traceback : `${head}\n${traceback}`.trim(),
          "error",
        );
      }
      default:
        return pre(`(unknown output type ${text(output.output_type)})`, "plain");
    }
  }

  cell(cell: IpynbCell): string {
    const source = cellSource(cell);
    if (cell.cell_type === "markdown") {
      return `<section class="cell markdown">${renderMarkdown(source)}</section>`;
    }
    if (cell.cell_type !== "code") return `<section class="cell raw">${pre(source, "raw")}</section>`;
    const count = cell.execution_count ?? " ";
    const code = hljs.highlight(source, { language: "typescript", ignoreIllegals: true }).value;
    const outputs = (cell.outputs ?? []).map((o) => this.output(o)).join("\n");
    return `<section class="cell code"><div class="prompt">In [${escapeHtml(String(count))}]</div>` +
      `<div class="source"><pre><code class="hljs language-typescript">${code}</code></pre></div>` +
      (outputs ? `<div class="outputs">${outputs}</div>` : "") + `</section>`;
  }
}

const DRAW_FIGURES = `
for (const element of document.querySelectorAll(".l2m-figure[data-figure]")) {
  const spec = JSON.parse(document.getElementById(element.id + "-spec").textContent);
  try {
    Plotly.newPlot(element, spec.data, spec.layout || {}, Object.assign({ responsive: true, displaylogo: false }, spec.config));
  } catch (error) {
    element.textContent = "This figure could not be drawn: " + error;
    console.error("figure " + element.id + " failed:", error);
  }
}`;

/** Returns the page `<head>` content shared by notebook pages and the index, with the CSP for `nonce`. */
export function pageHead(title: string, nonce: string, extraCss = ""): string {
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; ` +
    `img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'`;
  return `<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<title>${escapeHtml(title)}</title><style>${extraCss}${PAGE_CSS}</style>`;
}

/** Renders an executed notebook as a self-contained HTML page. */
export function renderNotebookPage(notebook: Ipynb, options: PageOptions): RenderedPage {
  const builder = new PageBuilder(options);
  const firstMarkdown = notebook.cells.find((cell) => cell.cell_type === "markdown");
  const title = (firstMarkdown && markdownTitle(cellSource(firstMarkdown))) ?? options.name;
  const body = notebook.cells.map((cell) => builder.cell(cell)).join("\n");
  const nonce = crypto.randomUUID().replace(/-/g, "");
  const scripts = builder.figures.length === 0 ? "" : `<script nonce="${nonce}">${plotlyJs()}</script>` +
    `<script nonce="${nonce}">${DRAW_FIGURES}</script>`;
  const info = options.runInfo ? `<p class="run-info">${escapeHtml(options.runInfo)}</p>` : "";
  const html =
    `<!doctype html>\n<html lang="en"><head>${pageHead(title, nonce, katexCss() + highlightCss())}</head>` +
    `<body><main><nav class="top"><a href="index.html">← all notebooks</a> · ${
      escapeHtml(options.name)
    }.ipynb</nav>` +
    `${info}\n${body}\n</main>${scripts}</body></html>\n`;
  return { title, html, figures: builder.figures };
}

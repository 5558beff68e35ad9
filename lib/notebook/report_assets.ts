/**
 * Inline assets of the HTML report: the KaTeX stylesheet with its fonts embedded as `data:` URIs, the
 * highlight.js theme, the page stylesheet and plotly.js. Pages embed them, so a report opens offline from
 * any folder with no request leaving the page.
 * @module
 */
import { fileURLToPath } from "node:url";
import { readPlotlyBundle } from "../plot/figure.ts";

const NODE_MODULES = fileURLToPath(new URL("../../node_modules/", import.meta.url));

function readPackageFile(relative: string): string {
  const path = NODE_MODULES + relative;
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    throw new Error(`report asset ${path} not found: run \`deno install\` in the project root`, {
      cause: error,
    });
  }
}

/** Encodes bytes as base64, in chunks so large inputs do not overflow the call stack. */
export function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

let katexCssCache: string | undefined;

/**
 * Returns KaTeX's stylesheet with each `@font-face` reduced to its WOFF2 file, embedded as a `data:` URI
 * (about 0.4 MB for KaTeX 0.16).
 */
export function katexCss(): string {
  if (katexCssCache !== undefined) return katexCssCache;
  const css = readPackageFile("katex/dist/katex.min.css");
  katexCssCache = css.replace(/src:url\(fonts\/([\w-]+)\.woff2\)[^;}]*/g, (_match, font: string) => {
    const bytes = Deno.readFileSync(`${NODE_MODULES}katex/dist/fonts/${font}.woff2`);
    return `src:url(data:font/woff2;base64,${base64(bytes)}) format("woff2")`;
  });
  if (/url\(fonts\//.test(katexCssCache)) {
    throw new Error("KaTeX stylesheet has a font URL that was not embedded");
  }
  return katexCssCache;
}

/** Returns highlight.js's GitHub theme. */
export function highlightCss(): string {
  return readPackageFile("highlight.js/styles/github.min.css");
}

/** Returns plotly.js as the body of an inline script. */
export function plotlyJs(): string {
  return readPlotlyBundle();
}

/** Stylesheet of report pages and of the index. */
export const PAGE_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --bg-code: #f6f8fa; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 16px/1.55 Inter, "Helvetica Neue", Helvetica, Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 32px 64px; }
nav.top { font-size: 14px; margin-bottom: 8px; }
a { color: var(--accent); }
.run-info { color: var(--muted); font-size: 14px; margin: 0 0 24px; }
.cell { margin: 18px 0; }
.cell.code .source { position: relative; }
.prompt { color: var(--muted); font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; margin-bottom: 2px; }
pre { margin: 0; padding: 10px 12px; overflow-x: auto; background: var(--bg-code); border: 1px solid var(--border);
  border-radius: 6px; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre; }
pre code.hljs { padding: 0; background: transparent; }
.outputs { margin-top: 6px; border-left: 3px solid var(--border); padding-left: 12px; }
.output { margin: 6px 0; overflow-x: auto; }
.output pre { background: #fff; white-space: pre-wrap; word-break: break-word; }
.output.stderr pre { background: #fff8f0; }
.output.error pre { background: #fff0f0; border-color: #e5a0a0; color: #8a1f1f; }
.output img { max-width: 100%; }
.figure-links { font-size: 13px; color: var(--muted); }
.l2m-figure { width: 100%; min-height: 300px; }
table { border-collapse: collapse; font-size: 14px; margin: 6px 0; }
th, td { border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--bg-code); }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
.l2m-table-footer { color: var(--muted); font-size: 13px; margin: 2px 0 0; }
.markdown img { max-width: 100%; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
.status-ok { color: #1a7f37; } .status-failed { color: #cf222e; }
`;

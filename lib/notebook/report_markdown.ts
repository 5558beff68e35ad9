/**
 * Markdown and math for the HTML report. Markdown is rendered with `marked`. `$…$` and `$$…$$` are
 * rendered server-side with KaTeX, so pages need no script for math. Raw HTML inside markdown is shown
 * as text. Links may only use `http:`, `https:`, `mailto:`, relative paths or `#` anchors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderMarkdown } from "@l2m/notebook/report_markdown.ts";
 * const html = renderMarkdown("Growth $I \\sim L^\\beta$ and <script>x</script>");
 * assert.ok(html.includes('class="katex"'));
 * assert.ok(html.includes("&lt;script&gt;"));
 * ```
 * @module
 */
import katex from "katex";
import { Marked } from "marked";
import { escapeHtml } from "../util/escape.ts";

/**
 * Braces a bare control word used as a sub- or superscript (`L_\max` becomes `L_{\max}`). LaTeX and
 * MathJax accept the bare form, KaTeX 0.16 rejects it for commands such as `\max`.
 */
export function braceScriptCommands(tex: string): string {
  return tex.replace(/([_^])\\([a-zA-Z]+)(?![a-zA-Z{])/g, "$1{\\$2}");
}

/** Renders one TeX expression to HTML (with MathML); invalid TeX is shown in red, never thrown. */
export function renderMath(tex: string, displayMode: boolean): string {
  const options = { displayMode, strict: "ignore" as const, output: "htmlAndMathml" as const };
  try {
    return katex.renderToString(tex, { ...options, throwOnError: true });
  } catch {
    return katex.renderToString(braceScriptCommands(tex), { ...options, throwOnError: false });
  }
}

const SAFE_URL = /^(?:https?:|mailto:|#|\.{0,2}\/|[\w.-]+(?:[/#?]|$))/i;

const marked = new Marked({
  gfm: true,
  renderer: {
    html(token) {
      return escapeHtml(token.text);
    },
    link(token) {
      const text = this.parser.parseInline(token.tokens);
      if (!SAFE_URL.test(token.href)) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<a href="${escapeHtml(token.href)}"${title}>${text}</a>`;
    },
    image(token) {
      // Only images embedded as data: URIs are kept, so a page never loads anything from the network.
      if (!/^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(token.href)) {
        return `<span class="missing-image">[image: ${escapeHtml(token.text || token.href)}]</span>`;
      }
      return `<img src="${token.href}" alt="${escapeHtml(token.text)}">`;
    },
  },
});

// One alternation, scanned left to right: fenced code, inline code and escaped dollars are kept as they
// are, so `$` inside code is never taken for math.
const MATH_OR_CODE = new RegExp(
  [
    String.raw`(?:^|\n)(?<fence>\x60{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n\k<fence>[^\n]*(?=\n|$)|$)`,
    String.raw`(?<ticks>\x60+)[\s\S]*?\k<ticks>`,
    String.raw`\\\$`,
    String.raw`\$\$(?<display>[\s\S]+?)\$\$`,
    String.raw`\$(?<inline>[^\s$](?:[^$\n]|\\\$)*?)(?<!\s|\\)\$(?!\d)`,
  ].join("|"),
  "g",
);

/** Renders markdown with math to HTML; see the module documentation for what is escaped. */
export function renderMarkdown(source: string): string {
  const rendered: string[] = [];
  const protectedSource = source.replace(MATH_OR_CODE, (match, ...args) => {
    const groups = args[args.length - 1] as { display?: string; inline?: string };
    const tex = groups.display ?? groups.inline;
    if (tex === undefined) return match;
    rendered.push(renderMath(tex.trim(), groups.display !== undefined));
    return `L2MMATH${rendered.length - 1}X`;
  });
  const html = marked.parse(protectedSource, { async: false }) as string;
  return html.replace(/L2MMATH(\d+)X/g, (_match, index: string) => rendered[Number(index)] ?? "");
}

/** Returns the text of the first `# Heading` in `source`, without markdown emphasis or math delimiters. */
export function markdownTitle(source: string): string | undefined {
  const match = /^#\s+(.+?)\s*#*\s*$/m.exec(source);
  const title = match?.[1]?.replace(/[*_`$\\]/g, "").trim();
  return title || undefined;
}

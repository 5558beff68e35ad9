import assert from "node:assert/strict";
import { braceScriptCommands, markdownTitle, renderMarkdown, renderMath } from "./report_markdown.ts";

Deno.test("inline and display math render with KaTeX", () => {
  const html = renderMarkdown("Inline $I(X;Y) \\sim L^\\beta$ and\n\n$$\\dim z \\gtrsim L^\\beta$$\n");
  assert.equal(html.match(/class="katex"/g)?.length, 2);
  assert.equal(html.match(/class="katex-display"/g)?.length, 1);
  assert.ok(!html.includes("$"));
  assert.ok(!html.includes("L2MMATH"));
});

Deno.test("dollars in code and prices stay text", () => {
  const html = renderMarkdown(
    "Costs $5 and $6.\n\n`a $x$ b`\n\n```ts\nconst s = `$${1}$`;\n```\n\nEscaped \\$y\\$.",
  );
  assert.ok(!html.includes("katex"));
  assert.ok(html.includes("Costs $5 and $6."));
  assert.ok(html.includes("<code>a $x$ b</code>"));
  assert.ok(html.includes("$${1}$"));
  assert.ok(html.includes("Escaped $y$."));
});

Deno.test("math with underscores survives markdown", () => {
  const html = renderMarkdown("The state $z_\\ell$ and $w_{\\le \\ell}$ here.");
  assert.ok(!html.includes("<em>"));
  assert.equal(html.match(/class="katex"/g)?.length, 2);
});

Deno.test("raw html and unsafe links are escaped", () => {
  const html = renderMarkdown(
    "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](https://x.org/p)",
  );
  assert.ok(!html.includes("<script"));
  assert.ok(!html.includes("<img"));
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.ok(!html.includes("javascript:"));
  assert.ok(html.includes('<a href="https://x.org/p">b</a>'));
});

Deno.test("external images are not loaded", () => {
  const html = renderMarkdown("![logo](https://example.org/logo.png)");
  assert.ok(!html.includes("<img"));
  assert.ok(html.includes("[image: logo]"));
});

Deno.test("invalid tex renders an error, not a throw", () => {
  assert.match(renderMath("\\frac{", false), /katex-error|color/);
});

Deno.test("markdownTitle strips markup", () => {
  assert.equal(markdownTitle("intro\n# The $L^2M$ *cost*\ntext"), "The L^2M cost");
  assert.equal(markdownTitle("no heading"), undefined);
});

Deno.test("bare script commands render", () => {
  assert.equal(
    braceScriptCommands("L_\\max + x^\\prime + y_\\text{ok}"),
    "L_{\\max} + x^{\\prime} + y_\\text{ok}",
  );
  const html = renderMath("L_\\max", false);
  assert.ok(!html.includes("katex-error"), html);
  assert.ok(html.includes("max"));
});

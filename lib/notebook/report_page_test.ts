import assert from "node:assert/strict";
import type { Ipynb } from "./source.ts";
import { renderNotebookPage } from "./report_page.ts";

const EVIL = "<script>alert(1)</script><img src=x onerror=alert(1)>";

function page(outputs: Record<string, unknown>[], extra: Partial<Ipynb> = {}): string {
  const notebook: Ipynb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [{
      cell_type: "code",
      metadata: {},
      source: ["const a = 1;\n", "a"],
      execution_count: 3,
      outputs,
    }],
    ...extra,
  };
  return renderNotebookPage(notebook, { name: "nb" }).html;
}

function body(html: string): string {
  return html.slice(html.indexOf("<body>"));
}

Deno.test("page escapes stream, plain, json and error text", () => {
  const html = body(page([
    { output_type: "stream", name: "stdout", text: EVIL },
    { output_type: "execute_result", data: { "text/plain": EVIL } },
    { output_type: "display_data", data: { "application/json": { v: EVIL } } },
    { output_type: "error", ename: "Error", evalue: EVIL, traceback: [] },
  ]));
  assert.ok(!html.includes("<script>alert"));
  assert.ok(!html.includes("<img src=x"));
  assert.equal(html.split("&lt;img src=x onerror=alert(1)&gt;").length - 1, 4);
});

Deno.test("page renders images as data URIs only", () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`;
  const html = body(page([
    { output_type: "display_data", data: { "image/png": "iVBORw0KGgo=\n" } },
    { output_type: "display_data", data: { "image/png": '" onerror="alert(1)' } },
    { output_type: "display_data", data: { "image/svg+xml": svg } },
  ]));
  assert.match(html, /<img alt="output image" src="data:image\/png;base64,iVBORw0KGgo=">/);
  assert.ok(!html.includes("onerror"));
  assert.match(html, /src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
  assert.ok(!html.includes("<svg"));
});

Deno.test("page renders markdown and latex outputs", () => {
  const html = body(page([
    { output_type: "display_data", data: { "text/markdown": `**bold** $x$ ${EVIL}` } },
    { output_type: "display_data", data: { "text/latex": "$$\\beta$$" } },
  ]));
  assert.match(html, /<strong>bold<\/strong>/);
  assert.equal(html.match(/class="katex"/g)?.length, 2);
  assert.ok(!html.includes("<img src=x"));
});

Deno.test("page draws plotly outputs from json", () => {
  const spec = {
    data: [{ type: "scatter", name: "</script><img src=x onerror=alert(1)>", x: [1], y: [2] }],
    layout: {},
  };
  const result = renderNotebookPage(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [{
        cell_type: "code",
        metadata: {},
        source: "fig",
        outputs: [{
          output_type: "display_data",
          data: { "application/vnd.plotly.v1+json": spec, "text/html": "<div>fallback</div>" },
        }],
      }],
    },
    { name: "nb", figureLink: (i) => `figures/nb/${i}.png` },
  );
  assert.equal(result.figures.length, 1);
  assert.deepEqual(result.figures[0]!.spec, spec);
  assert.ok(!result.html.includes("<div>fallback</div>"));
  assert.ok(!body(result.html).includes("<img src=x"));
  assert.match(result.html, /<a href="figures\/nb\/1.png">static image<\/a>/);
  assert.match(result.html, /<script nonce="[0-9a-f]{32}">/);
});

Deno.test("page without figures has no plotly", () => {
  const html = page([{ output_type: "execute_result", data: { "text/plain": "1" } }]);
  assert.ok(!html.includes("Plotly.newPlot"));
  assert.ok(html.length < 1_000_000);
});

Deno.test("page title comes from first heading", () => {
  const result = renderNotebookPage(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [{ cell_type: "markdown", metadata: {}, source: `# Cost ${EVIL}` }],
    },
    { name: "nb", runInfo: `scale ${EVIL}` },
  );
  assert.equal(result.title, `Cost ${EVIL}`);
  assert.match(result.html, /<title>Cost &lt;script&gt;/);
  assert.ok(!body(result.html).includes("<img src=x"));
});

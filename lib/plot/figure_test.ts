import assert from "node:assert/strict";
import { Figure, figure, PLOTLY_BUNDLE_PATH, PLOTLY_INLINE_ENV, resetPlotlyInlining } from "./figure.ts";

const DISPLAY = Symbol.for("Jupyter.display");

Deno.test("figure toJSON applies theme and copies", () => {
  const fig = figure([{ type: "scatter", x: [1, 2], y: [3, 4] }], { title: { text: "T" } });
  const spec = fig.toJSON();
  assert.equal(spec.layout.title && (spec.layout.title as { text: string }).text, "T");
  assert.ok(spec.layout.font?.family);
  assert.deepEqual(spec.config, { responsive: true, displaylogo: false });
  (spec.data[0] as { x: number[] }).x.push(9);
  assert.equal((fig.data[0] as { x: number[] }).x.length, 2);
});

Deno.test("figure toJSON writes typed arrays as lists", () => {
  const fig = figure([{ type: "scatter", x: new Float64Array([1, 2]), y: new Float32Array([0.5, 1]) }]);
  const trace = JSON.parse(JSON.stringify(fig)).data[0];
  assert.deepEqual(trace.x, [1, 2]);
  assert.deepEqual(trace.y, [0.5, 1]);
});

Deno.test("figure display inlines plotly once", () => {
  resetPlotlyInlining();
  const bundleStart = Deno.readTextFileSync(PLOTLY_BUNDLE_PATH).slice(0, 200);
  const fig = figure([{ type: "bar", x: ["a"], y: [1] }]);
  const first = (fig as unknown as Record<symbol, () => Record<string, unknown>>)[DISPLAY]!();
  const second = (fig as unknown as Record<symbol, () => Record<string, unknown>>)[DISPLAY]!();
  assert.ok((first["text/html"] as string).includes(bundleStart));
  assert.ok(!(second["text/html"] as string).includes(bundleStart));
  assert.ok((second["text/html"] as string).includes("window.Plotly"));
  assert.deepEqual(first["application/vnd.plotly.v1+json"], fig.toJSON());
  assert.match(first["text/plain"] as string, /1 trace/);
});

Deno.test("figure display without inlining", () => {
  resetPlotlyInlining();
  const bundleStart = Deno.readTextFileSync(PLOTLY_BUNDLE_PATH).slice(0, 200);
  const fig = figure([{ type: "bar", x: ["a"], y: [1] }]);
  const display = (fig as unknown as Record<symbol, () => Record<string, unknown>>)[DISPLAY]!;
  Deno.env.set(PLOTLY_INLINE_ENV, "0");
  let first: Record<string, unknown>;
  try {
    first = display.call(fig);
  } finally {
    Deno.env.delete(PLOTLY_INLINE_ENV);
  }
  const html = first["text/html"] as string;
  assert.ok(!html.includes(bundleStart), "plotly.js inlined although L2M_PLOTLY_INLINE=0");
  assert.ok(html.length < 10_000, `figure output is ${html.length} characters`);
  assert.match(html, /headless runner/);
  assert.deepEqual(first["application/vnd.plotly.v1+json"], fig.toJSON());
  // Inlining resumes in the same process once the variable is gone.
  assert.ok((display.call(fig)["text/html"] as string).includes(bundleStart));
});

Deno.test("figure html cannot be closed by data", () => {
  const evil = "</script><img src=x onerror=alert(1)>";
  const fig = new Figure({
    data: [{ type: "scatter", name: evil, x: [1], y: [1] }],
    layout: { title: { text: evil } },
  });
  const html = fig.toHtml({ divId: 'a"b' });
  assert.ok(!html.includes("</script><img"));
  assert.ok(!html.includes("<img"));
  assert.ok(html.includes('id="a&quot;b"'));
  assert.equal(html.match(/<\/script>/g)?.length, 1);
});

Deno.test("figure without theme keeps layout", () => {
  const fig = new Figure({ data: [], layout: { height: 100 } }, false);
  assert.deepEqual(fig.layout, { height: 100 });
});

Deno.test("withLayout merges without mutating", () => {
  const fig = figure([{ type: "scatter", x: [1], y: [1] }], { xaxis: { type: "log" } });
  const wide = fig.withLayout({ width: 900, xaxis: { range: [0, 2] } });
  assert.equal(wide.layout.width, 900);
  assert.equal(wide.layout.xaxis?.type, "log");
  assert.deepEqual(wide.layout.xaxis?.range, [0, 2]);
  assert.equal(fig.layout.width, undefined);
  assert.equal(fig.layout.xaxis?.range, undefined);
  assert.equal(wide.layout.font?.family, fig.layout.font?.family);
});

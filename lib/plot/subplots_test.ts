import assert from "node:assert/strict";
import type { Data } from "plotly.js-dist-min";
import { InputError } from "../util/errors.ts";
import { heatmap, series } from "./charts.ts";
import { subplots } from "./subplots.ts";

const panel = (name: string) => ({
  title: name,
  x: { title: "L", log: true },
  y: { title: "KL" },
  data: [series({ name, x: [1, 2], y: [1, 2] })],
});

Deno.test("subplots assigns axes and letters", () => {
  const fig = subplots([panel("Transformer"), panel("SSM"), panel("collapse")], { columns: 2 });
  const axes = fig.data.map((t) => [(t as { xaxis: string }).xaxis, (t as { yaxis: string }).yaxis]);
  assert.deepEqual(axes, [["x", "y"], ["x2", "y2"], ["x3", "y3"]]);
  assert.equal((fig.layout as Record<string, { type?: string }>).xaxis3?.type, "log");
  const layout = fig.layout as Record<string, { domain?: number[]; anchor?: string }>;
  const size = 1 / (2 + 0.35);
  assert.deepEqual(layout.xaxis?.domain, [0, size]);
  assert.deepEqual(layout.xaxis2?.domain, [size * 1.35, 1]);
  assert.deepEqual(layout.xaxis3?.domain, layout.xaxis?.domain, "third panel starts the second row");
  assert.ok(layout.yaxis3!.domain![1]! < layout.yaxis!.domain![0]!, "second row is below the first");
  assert.equal(layout.xaxis2?.anchor, "y2");
  const texts = (fig.layout.annotations ?? []).map((a: { text?: string }) => a.text);
  assert.deepEqual(texts, ["<b>(a)</b> Transformer", "<b>(b)</b> SSM", "<b>(c)</b> collapse"]);
  assert.equal(fig.layout.height, 760);
});

Deno.test("subplots rejects empty input", () => {
  assert.throws(() => subplots([]), InputError);
  assert.throws(() => subplots([panel("a")], { columns: 0 }), InputError);
});

Deno.test("subplots place colour bars per panel", () => {
  const heat = (name: string) => ({
    title: name,
    x: { title: "j" },
    y: { title: "i" },
    data: [heatmap({ z: [[1, 2], [3, 4]], colorbarTitle: "nats" })],
  });
  const fig = subplots([heat("a"), heat("b")]);
  const bars = fig.data.map((t) =>
    (t as { colorbar: { x: number; len: number; title: { text: string } } }).colorbar
  );
  const layout = fig.layout as Record<string, { domain?: number[] }>;
  assert.ok(Math.abs(bars[0]!.x - (layout.xaxis!.domain![1]! + 0.01)) < 1e-12);
  assert.ok(bars[0]!.x < layout.xaxis2!.domain![0]!, "first bar sits between the panels");
  assert.ok(bars[1]!.x > layout.xaxis2!.domain![1]!);
  assert.equal(bars[0]!.title.text, "nats");
});

Deno.test("subplots share a single colour bar", () => {
  const heat = (showscale: boolean) => ({
    x: { title: "j" },
    y: { title: "i" },
    data: [{ ...heatmap({ z: [[1, 2], [3, 4]] }), zmin: -1, zmax: 1, showscale } as Data],
  });
  const fig = subplots([heat(true), heat(false), heat(false)]);
  const bars = fig.data.map((t) => (t as { colorbar?: { x?: number; len?: number } }).colorbar);
  assert.equal(bars[0]!.x, 1.02);
  assert.equal(bars[0]!.len, 1);
  assert.equal(bars[1]!.x, undefined, "hidden bars keep their settings");
  const layout = fig.layout as Record<string, { domain?: number[] }>;
  assert.deepEqual(layout.xaxis?.domain, [0, 1 / (3 + 2 * 0.35)]);
});

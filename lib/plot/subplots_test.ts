import assert from "node:assert/strict";
import { InputError } from "../util/errors.ts";
import { series } from "./charts.ts";
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
  assert.deepEqual(fig.layout.grid && [fig.layout.grid.rows, fig.layout.grid.columns], [2, 2]);
  const texts = (fig.layout.annotations ?? []).map((a: { text?: string }) => a.text);
  assert.deepEqual(texts, ["<b>(a)</b> Transformer", "<b>(b)</b> SSM", "<b>(c)</b> collapse"]);
  assert.equal(fig.layout.height, 760);
});

Deno.test("subplots rejects empty input", () => {
  assert.throws(() => subplots([]), InputError);
  assert.throws(() => subplots([panel("a")], { columns: 0 }), InputError);
});

import assert from "node:assert/strict";
import { InputError } from "../util/errors.ts";
import {
  annotation,
  axisLayout,
  band,
  bar,
  chart,
  heatmap,
  logSpace,
  powerLawSeries,
  referenceSeries,
  series,
} from "./charts.ts";
import { PAPER_COLOR, REFERENCE_STYLES } from "./theme.ts";

type Trace = Record<string, unknown> & { x: number[]; y: number[] };

Deno.test("series with symmetric and asymmetric errors", () => {
  const a = series({ name: "a", x: [1, 2], y: [3, 4], error: [0.1, 0.2], colorIndex: 1 }) as Record<
    string,
    unknown
  >;
  assert.deepEqual((a.error_y as { array: number[] }).array, [0.1, 0.2]);
  const b = series({ name: "b", x: [1, 2], y: [3, 4], error: { minus: [1, 1], plus: [2, 2] } }) as Record<
    string,
    unknown
  >;
  assert.deepEqual((b.error_y as { arrayminus: number[] }).arrayminus, [1, 1]);
  assert.equal((b.error_y as { symmetric: boolean }).symmetric, false);
});

Deno.test("series rejects mismatched lengths", () => {
  assert.throws(() => series({ name: "s", x: [1, 2, 3], y: [1, 2] }), InputError);
  assert.throws(() => series({ name: "s", x: [1, 2], y: [1, 2], error: [1] }), InputError);
});

Deno.test("band fills between edges", () => {
  const [lower, upper] = band({
    name: "95% CI",
    x: [1, 2],
    lower: [0, 1],
    upper: [2, 3],
    color: "#0072B2",
  }) as Trace[];
  assert.deepEqual(lower!.y, [0, 1]);
  assert.equal(upper!.fill, "tonexty");
  assert.equal(upper!.fillcolor, "rgba(0,114,178,0.2)");
  assert.equal(lower!.showlegend, false);
});

Deno.test("power law series follows the law", () => {
  const trace = powerLawSeries({ prefactor: 2, exponent: 0.5, from: 1, to: 100, points: 3 }) as Trace;
  assert.deepEqual(trace.x.map((v) => Math.round(v)), [1, 10, 100]);
  trace.x.forEach((x, i) => assert.ok(Math.abs(trace.y[i]! - 2 * Math.sqrt(x)) < 1e-9));
  assert.equal(trace.name, "fit: 2.00·x<sup>0.500</sup>");
  assert.throws(() => powerLawSeries({ prefactor: NaN, exponent: 1, from: 1, to: 2 }), InputError);
});

Deno.test("logSpace rejects bad ranges", () => {
  assert.throws(() => logSpace(0, 10, 5), InputError);
  assert.throws(() => logSpace(10, 1, 5), InputError);
  assert.throws(() => logSpace(1, 10, 1), InputError);
});

Deno.test("reference series has paper style", () => {
  const trace = referenceSeries({ x: [1], y: [2] }) as Record<string, unknown>;
  assert.equal(trace.name, "paper");
  assert.equal((trace.line as { dash: string }).dash, "dot");
  assert.equal((trace.marker as { color: string }).color, PAPER_COLOR);
  assert.equal(referenceSeries({ x: [1], y: [2], name: "paper (PG19)" }).name, "paper (PG19)");
});

Deno.test("reference series styles differ", () => {
  const looks = REFERENCE_STYLES.map((_, styleIndex) => {
    const trace = referenceSeries({ x: [1], y: [2], styleIndex }) as Record<string, unknown>;
    const line = trace.line as { dash: string; color: string };
    const marker = trace.marker as { symbol: string; color: string };
    assert.equal(line.color, PAPER_COLOR, `style ${styleIndex} line`);
    assert.equal(marker.color, PAPER_COLOR, `style ${styleIndex} marker`);
    assert.match(marker.symbol, /-open$/, `style ${styleIndex} marker is not open`);
    return { dash: line.dash, symbol: marker.symbol };
  });
  assert.equal(new Set(looks.map((l) => l.dash)).size, looks.length, "two styles share a dash");
  assert.equal(new Set(looks.map((l) => l.symbol)).size, looks.length, "two styles share a marker");
  const wrapped = referenceSeries({ x: [1], y: [2], styleIndex: REFERENCE_STYLES.length }) as {
    line: { dash: string };
  };
  assert.equal(wrapped.line.dash, looks[0]!.dash, "styles cycle");
});

Deno.test("bar and heatmap traces", () => {
  const b = bar({ name: "b", x: ["a", "b"], y: [1, 2], error: [0.1, 0.1] }) as Record<string, unknown>;
  assert.equal(b.type, "bar");
  const h = heatmap({ z: [[1, NaN], [3, 4]], x: ["p", "q"] }) as Record<string, unknown>;
  assert.deepEqual(h.z, [[1, null], [3, 4]]);
  assert.throws(() => heatmap({ z: [[1, 2], [3]] }), InputError);
});

Deno.test("axis layout converts log ranges", () => {
  assert.deepEqual(axisLayout({ title: "L", log: true, range: [10, 1000] }).range, [1, 3]);
  assert.equal(axisLayout({ title: "L" }).type, undefined, "Plotly infers linear or category");
  assert.equal(axisLayout({ title: "L", log: false }).type, "linear");
  assert.equal(axisLayout({ title: "L", type: "category" }).type, "category");
});

Deno.test("chart builds log-log figure", () => {
  const fig = chart({
    title: "t",
    x: { title: "x", log: true },
    y: { title: "y", log: true },
    data: [series({ name: "s", x: [1, 2], y: [1, 2] })],
    annotations: [annotation({ x: 1, y: 1, text: "here" })],
    layout: { xaxis: { range: [0, 1] } },
  });
  assert.equal(fig.layout.xaxis?.type, "log");
  assert.deepEqual(fig.layout.xaxis?.range, [0, 1]);
  assert.equal(fig.layout.yaxis?.type, "log");
  assert.equal(fig.layout.annotations?.[0]?.text, "here");
});

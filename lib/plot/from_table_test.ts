import assert from "node:assert/strict";
import * as aq from "arquero";
import { InputError } from "../util/errors.ts";
import { COLORWAY } from "./theme.ts";
import { seriesFromTable } from "./from_table.ts";

type Trace = {
  name: string;
  x: unknown[];
  y: number[];
  fill?: string;
  line?: { color?: string };
  error_y?: { array: number[] };
};

const table = aq.table({
  L: [128, 64, 64, 128],
  bmi: [4, 3, 2, 2.5],
  se: [0.4, 0.3, 0.2, 0.25],
  lo: [3.5, 2.5, 1.8, 2.2],
  hi: [4.5, 3.5, 2.2, 2.8],
  corpus: ["pg19", "pg19", "wiki", "wiki"],
});

Deno.test("seriesFromTable groups and sorts", () => {
  const traces = seriesFromTable(table, { x: "L", y: "bmi", by: "corpus", error: "se" }) as Trace[];
  assert.deepEqual(traces.map((t) => t.name), ["pg19", "wiki"]);
  assert.deepEqual(traces[0]!.x, [64, 128]);
  assert.deepEqual(traces[0]!.y, [3, 4]);
  assert.deepEqual(traces[0]!.error_y!.array, [0.3, 0.4]);
  assert.equal(traces[1]!.line!.color, COLORWAY[1]);
});

Deno.test("seriesFromTable draws bands", () => {
  const traces = seriesFromTable(table, {
    x: "L",
    y: "bmi",
    by: "corpus",
    lower: "lo",
    upper: "hi",
  }) as Trace[];
  assert.deepEqual(traces.map((t) => t.name), [
    "pg19 CI (lower)",
    "pg19 CI",
    "pg19",
    "wiki CI (lower)",
    "wiki CI",
    "wiki",
  ]);
  assert.deepEqual(traces[0]!.y, [2.5, 3.5]);
  assert.equal(traces[1]!.fill, "tonexty");
});

Deno.test("seriesFromTable without groups", () => {
  const traces = seriesFromTable(table, { x: "L", y: "bmi" }) as Trace[];
  assert.equal(traces.length, 1);
  assert.equal(traces[0]!.name, "bmi");
  assert.deepEqual(traces[0]!.x, [64, 64, 128, 128]);
});

Deno.test("seriesFromTable rejects bad columns", () => {
  assert.throws(
    () => seriesFromTable(table, { x: "L", y: "nope" }),
    /"nope" not found: the table has L, bmi/,
  );
  assert.throws(() => seriesFromTable(table, { x: "L", y: "corpus" }), InputError);
  assert.throws(() => seriesFromTable(table, { x: "L", y: "bmi", lower: "lo" }), InputError);
});

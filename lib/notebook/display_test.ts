import assert from "node:assert/strict";
import * as aq from "arquero";
import { InputError } from "../util/errors.ts";
import { fitPowerLaw } from "../info/fit.ts";
import { formatValue, html, markdown, showFit, showTable } from "./display.ts";

const DISPLAY = Symbol.for("Jupyter.display");

Deno.test("showTable limits rows and states total", () => {
  const table = aq.table({ n: [1, 2, 3, 4, 5], p: [0.5, 0.25, 0.125, 0.0625, 0.03125] });
  const bundle =
    (showTable(table, { limit: 2 }) as unknown as Record<symbol, () => Record<string, string>>)[DISPLAY]!();
  const htmlText = bundle["text/html"]!;
  assert.equal(htmlText.match(/<tr>/g)?.length, 3); // header + 2 rows
  assert.match(htmlText, /2 of 5 rows shown, 2 columns/);
  assert.match(bundle["text/plain"]!, /2 of 5 rows shown/);
  assert.match(htmlText, /<td style="text-align:right">0\.25<\/td>/);
});

Deno.test("showTable escapes cells, columns and caption", () => {
  const evil = "<script>alert(1)</script>";
  const table = aq.table({ [evil]: [evil, "<img src=x onerror=alert(1)>"] });
  const view = showTable(table, { caption: evil });
  const out = view.bundle()["text/html"]!;
  assert.ok(!out.includes("<script>"));
  assert.ok(!out.includes("<img"));
  assert.ok(out.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.ok(view.bundle()["text/plain"]!.includes("<img src=x"));
});

Deno.test("showTable rejects non-arquero input", () => {
  assert.throws(() => showTable([{ a: 1 }] as never), InputError);
  assert.throws(() => showTable(aq.table({ a: [1] }), { limit: -1 }), InputError);
});

Deno.test("showTable plain text aligns columns", () => {
  const plain = showTable(aq.table({ word: ["the", "whale"], count: [120, 7] }), { caption: "top" })
    .toString();
  assert.deepEqual(plain.split("\n"), [
    "top",
    "word   count",
    "-----  -----",
    "the      120",
    "whale      7",
    "2 rows, 2 columns",
  ]);
});

Deno.test("formatValue formats numbers", () => {
  assert.equal(formatValue(1 / 3), "0.3333");
  assert.equal(formatValue(1e-7), "1.000e-7");
  assert.equal(formatValue(42), "42");
  assert.equal(formatValue(NaN), "NaN");
  assert.equal(formatValue(null), "");
  assert.equal(formatValue(new Float64Array([1, 2])), "[1, 2]");
});

Deno.test("showFit shows equation and intervals", () => {
  const view = showFit({
    law: "I(X;Y) ~ L^β",
    prefactor: 0.8123,
    exponent: 0.41234,
    ci: { exponent: [0.38, 0.44] },
    r2: 0.998,
    n: 9,
  });
  const bundle = view.bundle();
  assert.match(bundle["text/plain"]!, /^I\(X;Y\) ~ L\^β: y = 0\.8123 · x\^0\.4123/);
  assert.match(bundle["text/plain"]!, /exponent 0\.4123 {2}95% CI \[0\.38, 0\.44\]/);
  assert.match(bundle["text/html"]!, /<sup>0\.4123<\/sup>/);
  assert.match(bundle["text/html"]!, /<th>R²<\/th><td>0\.998<\/td>/);
  assert.throws(() => showFit({ prefactor: "1" as never, exponent: 1 }), InputError);
});

Deno.test("markdown and html helpers", () => {
  assert.deepEqual(markdown("# T").bundle(), { "text/markdown": "# T", "text/plain": "# T" });
  const view = html`<p>${"<b>"} & ${3}</p>`;
  assert.equal(view.markup, "<p>&lt;b&gt; & 3</p>");
  assert.equal(view.plain, "<b> & 3");
});

Deno.test("showFit accepts fitPowerLaw results", () => {
  const x = [1, 2, 4, 8, 16];
  const y = x.map((v, i) => 3 * v ** 0.5 * (1 + 0.01 * (i % 2 ? 1 : -1)));
  const fit = fitPowerLaw(x, y);
  const view = showFit(fit, { law: "BMI ~ L^β" });
  assert.equal(view.fit.exponent, fit.beta);
  const [lo, hi] = view.fit.ci!.exponent!;
  assert.ok(lo < fit.beta && fit.beta < hi);
  assert.ok(Math.abs(hi - fit.beta - 1.96 * fit.seBeta) < 1e-3 * Math.max(1e-9, fit.seBeta) + 1e-12);
  assert.match(view.bundle()["text/plain"]!, /^BMI ~ L\^β: y = 2\.99\d* · x\^0\.5\b/);
  assert.match(view.bundle()["text/html"]!, /95% CI \(±1\.96 SE\)/);
});

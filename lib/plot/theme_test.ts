import assert from "node:assert/strict";
import { BASE_LAYOUT, colorAt, COLORWAY, deepMerge, themedLayout } from "./theme.ts";

Deno.test("themedLayout keeps user values", () => {
  const layout = themedLayout({
    font: { size: 20 },
    xaxis: { type: "log" },
    xaxis2: { title: { text: "b" } },
  });
  assert.equal(layout.font?.size, 20);
  assert.equal(layout.font?.family, BASE_LAYOUT.font?.family);
  assert.equal(layout.xaxis?.type, "log");
  assert.equal(layout.xaxis?.gridcolor, BASE_LAYOUT.xaxis?.gridcolor);
  assert.equal(
    (layout as Record<string, { gridcolor?: string }>).xaxis2?.gridcolor,
    BASE_LAYOUT.xaxis?.gridcolor,
  );
  assert.ok(!("width" in layout));
});

Deno.test("colorAt cycles", () => {
  assert.equal(colorAt(0), COLORWAY[0]);
  assert.equal(colorAt(COLORWAY.length + 1), COLORWAY[1]);
  assert.equal(colorAt(-1), COLORWAY[COLORWAY.length - 1]);
});

Deno.test("deepMerge replaces arrays", () => {
  assert.deepEqual(deepMerge({ a: [1, 2], b: { c: 1 } }, { a: [3], b: { d: 2 } }), {
    a: [3],
    b: { c: 1, d: 2 },
  });
});

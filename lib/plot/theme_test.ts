import assert from "node:assert/strict";
import {
  BASE_LAYOUT,
  colorAt,
  COLORWAY,
  deepMerge,
  MIN_CONTRAST_ON_WHITE,
  PAPER_COLOR,
  themedLayout,
} from "./theme.ts";

/** WCAG 2.1 contrast ratio of a `#RRGGBB` colour against white. */
function contrastOnWhite(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
  return 1.05 / (luminance + 0.05);
}

Deno.test("colorway contrast on white", () => {
  for (const color of COLORWAY) {
    const ratio = contrastOnWhite(color);
    assert.ok(ratio >= MIN_CONTRAST_ON_WHITE, `${color} has contrast ${ratio.toFixed(2)}:1 on white`);
  }
  assert.equal(new Set(COLORWAY).size, COLORWAY.length, "colorway repeats a colour");
  assert.ok(!COLORWAY.includes(PAPER_COLOR), "the paper's grey is also a series colour");
  assert.ok(contrastOnWhite("#F0E442") < MIN_CONTRAST_ON_WHITE, "contrast check accepts faint yellow");
});

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

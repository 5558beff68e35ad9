import assert from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../util/errors.ts";
import { chromiumPath, exportFigureImages, launchChromium } from "./report_static.ts";

const spec = {
  data: [{ type: "scatter", x: [1, 10, 100], y: [1, 3, 9] }],
  layout: { height: 300, xaxis: { type: "log" } },
};

Deno.test("missing chromium gives install hint", async () => {
  const previous = Deno.env.get("L2M_CHROMIUM");
  Deno.env.set("L2M_CHROMIUM", "/nonexistent/chromium");
  try {
    assert.equal(chromiumPath(), undefined);
    await assert.rejects(
      launchChromium,
      (error: Error) => error instanceof InputError && /apt-get install chromium/.test(error.message),
    );
  } finally {
    if (previous === undefined) Deno.env.delete("L2M_CHROMIUM");
    else Deno.env.set("L2M_CHROMIUM", previous);
  }
});

Deno.test("no figures launches nothing", async () => {
  assert.deepEqual(await exportFigureImages(new Map([["nb", []]]), "/nonexistent", "png"), []);
});

Deno.test({
  name: "figures export as png and svg",
  ignore: chromiumPath() === undefined && !Deno.env.get("CI"),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const figures = new Map([["nb", [{ index: 1, spec }, { index: 2, spec }]]]);
    const png = await exportFigureImages(figures, dir, "png");
    assert.deepEqual(png, [join(dir, "nb", "1.png"), join(dir, "nb", "2.png")]);
    const bytes = await Deno.readFile(png[0]!);
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    const width = new DataView(bytes.buffer, bytes.byteOffset).getUint32(16);
    const height = new DataView(bytes.buffer, bytes.byteOffset).getUint32(20);
    assert.deepEqual([width, height], [1800, 600]); // 900×300 at scale 2
    const svg = await exportFigureImages(new Map([["nb", [{ index: 1, spec }]]]), dir, "svg");
    const text = await Deno.readTextFile(svg[0]!);
    assert.match(text, /^<svg[^>]+width="900" height="300"/);
    assert.ok(text.includes("scatterlayer"));
  },
});

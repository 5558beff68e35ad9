/**
 * Opens every page of an exported report in headless Chromium with the network off and checks that each
 * figure is drawn, KaTeX math is rendered with its embedded fonts, and nothing was requested or logged
 * as an error. The report comes from `$L2M_REPORT_DIR` when set (the test script points it at a quick
 * reproduce run); otherwise a synthetic report is exported first.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { exportReport } from "../lib/notebook/report.ts";
import { browserSkipReason, visitPages, waitForFigures } from "./browser_harness.ts";
import { writeSyntheticResults } from "./report_fixture.ts";

const skip = browserSkipReason();
if (skip) console.warn(`report_browser_test: ${skip}`);

async function reportPages(): Promise<{ pages: string[]; synthetic: boolean }> {
  const dir = Deno.env.get("L2M_REPORT_DIR");
  if (dir) {
    const pages = [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(".html")).map((e) =>
      join(dir, e.name)
    );
    assert.ok(pages.some((p) => p.endsWith("index.html")), `${dir} has no index.html`);
    return { pages: pages.sort(), synthetic: false };
  }
  const root = await Deno.makeTempDir();
  const { index, pages } = await exportReport({
    executedDir: await writeSyntheticResults(root),
    outDir: join(root, "report"),
  });
  return { pages: [index, ...pages], synthetic: true };
}

Deno.test({
  name: "report pages render offline in Chromium",
  ignore: skip !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { pages, synthetic } = await reportPages();
    let totalFigures = 0;
    let totalMath = 0;
    const records = await visitPages(pages, async (page, record) => {
      const [figures, drawn] = await waitForFigures(page);
      assert.equal(
        drawn,
        figures,
        `${record.url}: ${figures - drawn} of ${figures} figures have no plot SVG`,
      );
      totalFigures += figures;
      const math = await page.evaluate(async () => {
        await document.fonts.ready;
        return {
          elements: document.querySelectorAll(".katex .katex-html").length,
          errors: document.querySelectorAll(".katex-error").length,
          fontLoaded: document.fonts.check("16px KaTeX_Main"),
        };
      });
      assert.equal(math.errors, 0, `${record.url}: KaTeX reported ${math.errors} invalid expressions`);
      if (math.elements > 0) assert.ok(math.fontLoaded, `${record.url}: KaTeX_Main font did not load`);
      totalMath += math.elements;
    });
    for (const record of records) {
      assert.deepEqual(record.externalRequests, [], `${record.url} requested the network`);
      assert.deepEqual(record.pageErrors, [], `${record.url} threw`);
      assert.deepEqual(record.consoleErrors, [], `${record.url} logged errors`);
      assert.deepEqual(record.dialogs, [], `${record.url} opened dialogs`);
    }
    assert.ok(totalFigures > 0, "the report has no figures to check");
    if (synthetic) {
      assert.equal(totalFigures, 2);
      assert.ok(totalMath >= 2, `expected rendered math, found ${totalMath}`);
    }
  },
});

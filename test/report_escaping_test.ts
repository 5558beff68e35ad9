/**
 * Markup from data must reach the report as text. The exported notebook plants
 * `<script>alert(1)</script>` and `<img src=x onerror=alert(1)>` in corpus excerpts, table cells, the file
 * name, stream output, the error message, a plain-text result, a figure trace name and markdown. The HTML
 * must contain only escaped forms. In Chromium no dialog opens and no such element exists, while the
 * text is visible.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { exportReport } from "../lib/notebook/report.ts";
import { escapeHtml } from "../lib/util/escape.ts";
import { browserSkipReason, visitPages, waitForFigures } from "./browser_harness.ts";
import { HOSTILE, HOSTILE_NAME, writeSyntheticResults } from "./report_fixture.ts";

async function hostileReport(): Promise<{ index: string; page: string }> {
  const root = await Deno.makeTempDir();
  const { index, pages } = await exportReport({
    executedDir: await writeSyntheticResults(root, { hostile: true }),
    outDir: join(root, "report"),
  });
  const page = pages.find((p) => p.endsWith(`${HOSTILE_NAME}.html`));
  assert.ok(page, `no page for ${HOSTILE_NAME} among ${pages.join(", ")}`);
  return { index, page };
}

/** Returns the HTML without inline scripts; plotly.js and the JSON specs are checked separately. */
function markupOutsideScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
}

Deno.test("hostile data is escaped in report html", async () => {
  const { index, page } = await hostileReport();
  const pageHtml = await Deno.readTextFile(page);
  const indexHtml = await Deno.readTextFile(index);
  for (const [name, html] of [["page", pageHtml], ["index", indexHtml]] as const) {
    const markup = markupOutsideScripts(html);
    for (const attack of HOSTILE) assert.ok(!markup.includes(attack), `${name} contains raw ${attack}`);
    assert.ok(!/<img\b[^>]*onerror/i.test(markup), `${name} has an img with onerror`);
  }
  const escaped = HOSTILE.map(escapeHtml);
  const count = (s: string) => pageHtml.split(s).length - 1;
  // stream stdout + stderr, two table cells each, caption, error evalue in traceback, text/plain result,
  // markdown cell, notebook name in the navigation bar.
  assert.ok(count(escaped[1]!) >= 8, `expected the escaped img in every output, found ${count(escaped[1]!)}`);
  assert.ok(pageHtml.includes(`${escapeHtml(HOSTILE_NAME)}.ipynb`), "file name shown escaped on the page");
  assert.ok(indexHtml.includes(`${escapeHtml(HOSTILE_NAME)}.ipynb`), "file name shown escaped on the index");
  assert.ok(
    indexHtml.includes(`href="${encodeURIComponent(HOSTILE_NAME)}.html"`),
    "link target is URL-encoded",
  );
  assert.ok(
    pageHtml.includes(`Error: corpus file not found ${escaped[0]} ${escaped[1]}`),
    "error message escaped",
  );

  const scripts = [...pageHtml.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  for (const [, attributes, body] of scripts) {
    if (attributes!.includes("application/json")) {
      assert.ok(!body!.includes("<"), "JSON figure specs contain no raw '<'");
      JSON.parse(body!);
    } else {
      assert.match(attributes!, /nonce="[0-9a-f]{32}"/);
      assert.ok(!body!.includes("alert(1)"), "an executable script contains planted code");
    }
  }
});

const skip = browserSkipReason();

Deno.test({
  name: "hostile data shows as text in Chromium",
  ignore: skip !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { index, page } = await hostileReport();
    const records = await visitPages([index, page], async (browserPage, record) => {
      if (record.url.endsWith("index.html")) {
        const text = await browserPage.evaluate(() => document.body.innerText);
        assert.ok(text.includes(`${HOSTILE_NAME}.ipynb`), "index shows the file name as text");
        return;
      }
      const [figures, drawn] = await waitForFigures(browserPage);
      assert.equal(drawn, figures);
      const found = await browserPage.evaluate(() => ({
        text: document.body.innerText,
        images: document.querySelectorAll("img[onerror], img[src='x']").length,
        svgImages: document.querySelectorAll("svg image[onerror]").length,
        executableScripts: [...document.scripts].filter((s) =>
          s.type !== "application/json" && s.text.includes("alert(1)")
        ).length,
      }));
      assert.equal(found.images, 0, "an <img onerror> element was created");
      assert.equal(found.svgImages, 0);
      assert.equal(found.executableScripts, 0);
      for (const attack of HOSTILE) assert.ok(found.text.includes(attack), `page shows ${attack} as text`);
    });
    for (const record of records) {
      assert.deepEqual(record.dialogs, [], `${record.url} opened a dialog`);
      assert.deepEqual(record.pageErrors, [], `${record.url} threw`);
      assert.deepEqual(record.consoleErrors, [], `${record.url} logged errors`);
      assert.deepEqual(record.externalRequests, [], `${record.url} requested the network`);
    }
  },
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { writeSyntheticResults } from "./report_fixture.ts";
import { readPlotlyBundle } from "../lib/plot/figure.ts";
import { InputError } from "../lib/util/errors.ts";
import { exportReport } from "../lib/notebook/report.ts";

Deno.test("exportReport writes index and pages", async () => {
  const root = await Deno.makeTempDir();
  const executedDir = await writeSyntheticResults(root, { copies: 2 });
  const outDir = join(root, "report");
  const { index, pages, images } = await exportReport({
    executedDir,
    outDir,
    sections: [{ title: "Figure coverage", html: "<p>coverage table</p>" }],
  });
  assert.equal(index, join(outDir, "index.html"));
  assert.deepEqual(pages, [join(outDir, "00_synthetic.html"), join(outDir, "01_synthetic.html")]);
  assert.deepEqual(images, []);

  const indexHtml = await Deno.readTextFile(index);
  assert.match(indexHtml, /<a href="00_synthetic.html">Synthetic report notebook<\/a>/);
  assert.match(indexHtml, /scale quick · seed 0 · run time 1\.2 s · commit 0123456789/);
  assert.match(indexHtml, /<h2>Figure coverage<\/h2><p>coverage table<\/p>/);

  const page = await Deno.readTextFile(pages[0]!);
  const plotlyStart = readPlotlyBundle().slice(0, 300);
  assert.equal(page.split(plotlyStart).length - 1, 1, "plotly.js is inlined exactly once");
  assert.equal(page.match(/class="l2m-figure" id="figure-\d+"/g)?.length, 2);
  assert.ok(page.match(/class="katex"/g)!.length >= 2);
  assert.match(page, /class="katex-display"/);
  assert.match(page, /<span class="hljs-keyword">const<\/span>/);
  assert.match(page, /2 rows, 3 columns/);
  assert.match(page, /Error: corpus file not found\n/);
  assert.ok(!page.includes("\u001b["), "ANSI codes are stripped");
  assert.match(page, /step 2\n/);
  assert.ok(!page.includes("step 1\r"));
  assert.match(page, /scale quick · seed 0/);
});

Deno.test("report pages reference nothing external", async () => {
  const root = await Deno.makeTempDir();
  const { pages, index } = await exportReport({
    executedDir: await writeSyntheticResults(root),
    outDir: join(root, "r"),
  });
  for (const path of [...pages, index]) {
    const html = await Deno.readTextFile(path);
    assert.ok(!/<(?:script|img|iframe|link)[^>]+(?:src|href)=["']?(?:https?:)?\/\//i.test(html), path);
    assert.ok(
      !/url\((?!data:)/.test(html.replace(/<script[\s\S]*?<\/script>/g, "")),
      `${path}: CSS url() outside data:`,
    );
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  }
});

Deno.test("index sections can use entries", async () => {
  const root = await Deno.makeTempDir();
  const { index } = await exportReport({
    executedDir: await writeSyntheticResults(root, { copies: 2 }),
    outDir: join(root, "r"),
    sections: (
      entries,
    ) => [{ title: "Counts", html: `<p>${entries.map((e) => `${e.name}:${e.figures}`).join(" ")}</p>` }],
  });
  assert.match(await Deno.readTextFile(index), /<p>00_synthetic:2 01_synthetic:2<\/p>/);
});

Deno.test("exportReport reports missing folder", async () => {
  const root = await Deno.makeTempDir();
  await assert.rejects(
    () => exportReport({ executedDir: join(root, "none"), outDir: join(root, "r") }),
    (error: Error) => error instanceof InputError && /reproduce/.test(error.message),
  );
});

Deno.test("exportReport rejects non-notebook json", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(join(root, "notebooks"));
  await Deno.writeTextFile(join(root, "notebooks", "x.ipynb"), "{}");
  await assert.rejects(
    () => exportReport({ executedDir: join(root, "notebooks"), outDir: join(root, "r") }),
    InputError,
  );
});

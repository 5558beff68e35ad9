/**
 * HTML report export: time to export a report and the size of each page, printed as Markdown tables.
 * The inputs are synthetic executed notebooks (markdown with math, code, two figures, a table, a fit,
 * streams and an error each) and the last reproduce run's notebooks if `results/notebooks/` exists.
 * When Chromium is installed it also times the static PNG export per figure.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { notebookParams } from "../lib/notebook/params.ts";
import { exportReport } from "../lib/notebook/report.ts";
import { highlightCss, katexCss, plotlyJs } from "../lib/notebook/report_assets.ts";
import { chromiumPath, exportFigureImages } from "../lib/notebook/report_static.ts";
import { writeSyntheticResults } from "../test/report_fixture.ts";

const REPEATS = 3;
const COPIES = 4;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
const kb = (bytes: number) => (bytes / 1e3).toFixed(1);

async function timeExport(
  executedDir: string,
  outDir: string,
  figures?: "png",
): Promise<{ ms: number; result: Awaited<ReturnType<typeof exportReport>> }> {
  const started = performance.now();
  const result = await exportReport({ executedDir, outDir, figures });
  return { ms: performance.now() - started, result };
}

function sizeTable(paths: string[]): string[] {
  const lines = ["| page | size (kB) | figures |", "|---|---:|---:|"];
  for (const path of paths) {
    const html = Deno.readTextFileSync(path);
    const figures = html.match(/class="l2m-figure" id="figure-/g)?.length ?? 0;
    lines.push(`| ${basename(path)} | ${kb(Deno.statSync(path).size)} | ${figures} |`);
  }
  return lines;
}

const dir = await Deno.makeTempDir({ prefix: "l2m-report-bench-" });
const executedDir = await writeSyntheticResults(dir, { copies: COPIES });
const times: number[] = [];
let pages: string[] = [];
let index = "";
for (let i = 0; i < REPEATS; i++) {
  const { ms, result } = await timeExport(executedDir, join(dir, `report-${i}`));
  times.push(ms);
  pages = result.pages;
  index = result.index;
}

const out: string[] = [];
out.push(
  `Report export of ${COPIES} synthetic notebooks (2 figures, math, a table, streams and an error each), ` +
    `median of ${REPEATS} runs, first run included (it reads and encodes the assets once). ` +
    `Timings were taken on a shared 2-core machine; treat them as rough.`,
  "",
  "| measure | value |",
  "|---|---:|",
  `| export time, median (ms) | ${median(times).toFixed(0)} |`,
  `| export time, first run (ms) | ${times[0]!.toFixed(0)} |`,
  `| per notebook, median (ms) | ${(median(times) / COPIES).toFixed(0)} |`,
  `| inlined plotly.js (MB) | ${mb(plotlyJs().length)} |`,
  `| inlined KaTeX CSS with fonts (MB) | ${mb(katexCss().length)} |`,
  `| inlined highlight.js CSS (kB) | ${kb(highlightCss().length)} |`,
  "",
  ...sizeTable([index, ...pages]),
);

const realDir = join(notebookParams().resultsRoot, "notebooks");
if (existsSync(realDir)) {
  const { ms, result } = await timeExport(realDir, join(dir, "real"));
  out.push("", `Report of the last reproduce run (${realDir}): exported in ${ms.toFixed(0)} ms.`, "");
  out.push(...sizeTable([result.index, ...result.pages]));
}

if (chromiumPath()) {
  // Exports of 1 and of 8 figures separate the fixed cost (browser start, loading plotly.js) from the
  // cost of each image; the minimum of two runs damps the noise of a shared machine.
  const spec = {
    data: [{ type: "scatter", x: [1, 10, 100], y: [2, 5, 9] }],
    layout: { title: { text: "t" } },
  };
  const figures = (n: number) =>
    new Map([["nb", Array.from({ length: n }, (_, i) => ({ index: i + 1, spec }))]]);
  const fastest = async (n: number) => {
    const runs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      await exportFigureImages(figures(n), join(dir, `static-${n}-${i}`), "png");
      runs.push(performance.now() - started);
    }
    return Math.min(...runs);
  };
  const one = await fastest(1);
  const eight = await fastest(8);
  const perFigure = (eight - one) / 7;
  out.push(
    "",
    `Static PNG export with Chromium (fastest of 2 runs): 1 figure ${one.toFixed(0)} ms, 8 figures ` +
      `${eight.toFixed(0)} ms, so about ${perFigure.toFixed(0)} ms per figure after a fixed cost of about ` +
      `${(one - perFigure).toFixed(0)} ms (browser start, loading plotly.js).`,
  );
} else {
  out.push("", "Static PNG export not measured: /usr/bin/chromium is missing (apt-get install chromium).");
}

await Deno.remove(dir, { recursive: true });
console.log(out.join("\n"));

/**
 * Headless runner overhead, measured on a 50-cell notebook of trivial cells (`1`). Each cell's wall time
 * is the runner's per-cell cost (request, replies, the 50 ms IOPub drain after idle). The notebook's wall
 * time minus its cells is the per-notebook cost (kernel start, handshake, shutdown, writing results).
 * Also lists the size of each exported report page under results/report/, if a report exists.
 */
import { join } from "node:path";
import { existsSync, readdirSync, statSync } from "node:fs";
import { runNotebook } from "../lib/notebook/runner.ts";
import { PROJECT_ROOT } from "../lib/notebook/params.ts";
import { type SourceCell, toIpynb } from "../lib/notebook/source.ts";

const CELLS = 50;
const REPEATS = 3;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const dir = await Deno.makeTempDir({ prefix: "l2m-bench-" });
const cells: SourceCell[] = Array.from({ length: CELLS }, () => ({ kind: "code", text: "1" }));
const path = join(dir, "trivial.ipynb");
await Deno.writeTextFile(path, JSON.stringify(toIpynb(cells, "trivial")));

const perCell: number[] = [];
const perNotebook: number[] = [];
const totals: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  const run = await runNotebook(path, { resultsRoot: join(dir, "results"), onProgress: () => {} });
  const cellSum = run.cells.reduce((sum, cell) => sum + cell.wall_ms, 0);
  perCell.push(...run.cells.map((cell) => cell.wall_ms));
  perNotebook.push(run.wallMs - cellSum);
  totals.push(run.wallMs);
}
await Deno.remove(dir, { recursive: true });
perCell.sort((a, b) => a - b);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

console.log(
  `Runner overhead: ${REPEATS} runs of a ${CELLS}-cell notebook of trivial cells, ` +
    `${navigator.hardwareConcurrency} logical CPUs, Deno ${Deno.version.deno}.\n`,
);
console.log("| measure | value |");
console.log("|---|---|");
console.log(`| per cell, median | ${quantile(perCell, 0.5).toFixed(1)} ms |`);
console.log(`| per cell, mean | ${mean(perCell).toFixed(1)} ms |`);
console.log(`| per cell, 95th percentile | ${quantile(perCell, 0.95).toFixed(1)} ms |`);
console.log(`| per notebook (kernel start, shutdown, writes), mean | ${mean(perNotebook).toFixed(0)} ms |`);
console.log(`| whole ${CELLS}-cell notebook, mean | ${mean(totals).toFixed(0)} ms |`);

const reportDir = join(Deno.env.get("L2M_RESULTS") ?? join(PROJECT_ROOT, "results"), "report");
console.log("");
if (!existsSync(reportDir)) {
  console.log(`No exported report at ${reportDir}: run \`deno task reproduce\` first to measure page sizes.`);
} else {
  const pages = readdirSync(reportDir).filter((name) => name.endsWith(".html")).sort();
  console.log(`Exported report pages in ${reportDir}:\n`);
  console.log("| page | size |");
  console.log("|---|---|");
  for (const page of pages) {
    const kib = statSync(join(reportDir, page)).size / 1024;
    console.log(`| ${page} | ${kib >= 1024 ? `${(kib / 1024).toFixed(2)} MiB` : `${kib.toFixed(1)} KiB`} |`);
  }
}

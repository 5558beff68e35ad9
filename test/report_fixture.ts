/**
 * Synthetic executed notebooks for the report tests and benchmark. Outputs are produced by the real
 * display code (figures from lib/plot, tables from display.ts), so the report is tested on what
 * notebooks actually emit. With `hostile: true`, markup that would run script unless escaped is planted
 * in every place data reaches the report. Those places are stream text, a table cell, a notebook file
 * name, an error message, a plain-text result, a figure's trace name and a markdown cell.
 * @module
 */
import * as aq from "arquero";
import { join } from "node:path";
import { showFit, showTable } from "../lib/notebook/display.ts";
import type { Ipynb, IpynbCell } from "../lib/notebook/source.ts";
import { chart, powerLawSeries, referenceSeries, series } from "../lib/plot/charts.ts";
import { resetPlotlyInlining } from "../lib/plot/figure.ts";
import { subplots } from "../lib/plot/subplots.ts";

/** Markup planted by the hostile fixture; a safe report shows each as text. */
export const HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"] as const;

/** File name (without `.ipynb`) of the hostile notebook. */
export const HOSTILE_NAME = "99_<img src=x onerror=alert(1)>";

const DISPLAY = Symbol.for("Jupyter.display");

function bundleOf(value: unknown): Record<string, unknown> {
  return (value as Record<symbol, () => Record<string, unknown>>)[DISPLAY]!();
}

function code(source: string, count: number, outputs: Record<string, unknown>[]): IpynbCell {
  return { cell_type: "code", metadata: {}, source, execution_count: count, outputs };
}

function markdown(source: string): IpynbCell {
  return { cell_type: "markdown", metadata: {}, source };
}

function display(value: unknown): Record<string, unknown> {
  return { output_type: "display_data", metadata: {}, data: bundleOf(value) };
}

/** Builds a notebook with markdown and math, code, figures, a table, a fit, stream output and an error. */
export function syntheticNotebook(hostile = false): Ipynb {
  const evil = hostile ? ` ${HOSTILE[0]} ${HOSTILE[1]}` : "";
  const L = [64, 128, 256, 512, 1024];
  const bmi = L.map((l) => 0.9 * l ** 0.42);
  const loglog = chart({
    title: "Bipartite MI vs L",
    x: { title: "L (tokens)", log: true },
    y: { title: "I(X;Y) (nats)", log: true },
    data: [
      series({ name: `measured${evil}`, x: L, y: bmi, error: bmi.map((v) => v * 0.05) }),
      powerLawSeries({ prefactor: 0.9, exponent: 0.42, from: 64, to: 1024 }),
      referenceSeries({ x: [64, 1024], y: [5.1, 16.2] }),
    ],
  });
  const panels = subplots([
    {
      title: "Transformer",
      x: { title: "L", log: true },
      y: { title: "KL" },
      data: [series({ name: "a", x: L, y: L.map(Math.log) })],
    },
    {
      title: "SSM",
      x: { title: "L", log: true },
      y: { title: "KL" },
      data: [series({ name: "b", x: L, y: L.map(Math.sqrt) })],
    },
  ]);
  const table = aq.table({
    document: hostile ? [`${HOSTILE[0]}.txt`, `${HOSTILE[1]}.txt`] : ["chapter_1.txt", "chapter_2.txt"],
    excerpt: hostile
      ? [`Call me ${HOSTILE[0]}`, `Ishmael ${HOSTILE[1]}`]
      : ["Call me Ishmael.", "Some years ago"],
    tokens: [2214, 1890],
  });
  const traceback = [
    `\u001b[0;31mError\u001b[0m: corpus file not found${evil}`,
    "    at loadCorpus (file:///project/lib/data/load.ts:10:5)",
  ];
  resetPlotlyInlining();
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { l2m: { scale: "quick", seed: 0, wall_ms: 1234 } },
    cells: [
      markdown(
        `# Synthetic report notebook${
          hostile ? " (hostile)" : ""
        }\n\nBipartite MI grows as $I(X;Y) \\sim L^\\beta$, ` +
          `and the history state must satisfy\n\n$$\\dim z \\gtrsim L^{\\beta}.$$\n${
            hostile ? `\nRaw ${HOSTILE[0]} ${HOSTILE[1]}\n` : ""
          }`,
      ),
      code("const { scale } = notebookParams();\nconsole.log(`scale ${scale}`);", 1, [
        { output_type: "stream", name: "stdout", text: [`scale quick${evil}\n`, "step 1\rstep 2\n"] },
        { output_type: "stream", name: "stderr", text: `warning: slow backend${evil}\n` },
      ]),
      code("chart({ ... })", 2, [{
        output_type: "execute_result",
        execution_count: 2,
        metadata: {},
        data: bundleOf(loglog),
      }]),
      code("subplots([...])", 3, [display(panels)]),
      code("showTable(documents)", 4, [display(showTable(table, { caption: `documents${evil}` }))]),
      code("showFit(fit)", 5, [
        display(
          showFit({
            law: "I ~ L^β",
            prefactor: 0.9,
            exponent: 0.42,
            ci: { exponent: [0.4, 0.44] },
            r2: 0.99,
            n: 5,
          }),
        ),
      ]),
      code('"a string result"', 6, [{
        output_type: "execute_result",
        execution_count: 6,
        metadata: {},
        data: { "text/plain": `'a string result${evil}'` },
      }]),
      code("await loadCorpus()", 7, [{
        output_type: "error",
        ename: "Error",
        evalue: `corpus file not found${evil}`,
        traceback,
      }]),
    ],
  };
}

/** Writes executed notebooks and manifests under `root` (`root/notebooks/*.ipynb`); returns the notebooks folder. */
export async function writeSyntheticResults(
  root: string,
  options: { hostile?: boolean; copies?: number } = {},
): Promise<string> {
  const dir = join(root, "notebooks");
  await Deno.mkdir(dir, { recursive: true });
  const copies = options.copies ?? 1;
  for (let i = 0; i < copies; i++) {
    const name = `0${i}_synthetic`;
    await Deno.writeTextFile(join(dir, `${name}.ipynb`), JSON.stringify(syntheticNotebook(false)));
    await Deno.mkdir(join(root, name), { recursive: true });
    await Deno.writeTextFile(
      join(root, name, "manifest.json"),
      JSON.stringify({
        notebook: name,
        scale: "quick",
        seed: 0,
        git_commit: "0123456789abcdef",
        status: "ok",
        wall_ms: 1234,
      }),
    );
  }
  if (options.hostile) {
    await Deno.writeTextFile(join(dir, `${HOSTILE_NAME}.ipynb`), JSON.stringify(syntheticNotebook(true)));
  }
  return dir;
}

/**
 * The display layer inside the real Deno Jupyter kernel, driven by the headless runner. Figures carry
 * the Plotly MIME type and, as in an interactive session, inline plotly.js only in the kernel's first
 * figure output (the first cell removes the runner's `L2M_PLOTLY_INLINE=0`). Tables render
 * escaped HTML. A progress display ends as one output, updated in place through its `display_id`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readPlotlyBundle } from "../lib/plot/figure.ts";
import { runNotebook } from "../lib/notebook/runner.ts";
import { type SourceCell, toIpynb } from "../lib/notebook/source.ts";

const CELLS: SourceCell[] = [
  {
    kind: "code",
    text: 'Deno.env.delete("L2M_PLOTLY_INLINE");\nimport { chart, series } from "@l2m/plot/mod.ts";\n' +
      'import { progress, showTable } from "@l2m/notebook/display.ts";\nimport * as aq from "arquero";',
  },
  {
    kind: "code",
    text:
      'chart({ x: { title: "x" }, y: { title: "y" }, data: [series({ name: "a", x: [1, 2], y: [3, 4] })] })',
  },
  {
    kind: "code",
    text:
      'chart({ x: { title: "x" }, y: { title: "y" }, data: [series({ name: "b", x: [1, 2], y: [3, 4] })] })',
  },
  {
    kind: "code",
    text: 'showTable(aq.table({ word: ["<img src=x onerror=alert(1)>", "the"], n: [1, 2] }), { limit: 1 })',
  },
  {
    kind: "code",
    text: "const p = progress({ total: 5, intervalMs: 0 });\n" +
      "for (let i = 1; i <= 5; i++) { p.update(i, { loss: 1 / i }); await new Promise((r) => setTimeout(r, 5)); }\n" +
      "await p.done();",
  },
];

type Output = { output_type: string; data?: Record<string, unknown> };

Deno.test({
  name: "display objects render in deno kernel",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const path = join(dir, "display_check.ipynb");
    await Deno.writeTextFile(path, JSON.stringify(toIpynb(CELLS, "display_check")));
    const run = await runNotebook(path, {
      resultsRoot: join(dir, "results"),
      onProgress: () => {},
      cellTimeoutMs: 60_000,
    });
    const notebook = JSON.parse(await Deno.readTextFile(run.executedPath));
    const outputs: Output[][] = notebook.cells.map((cell: { outputs?: Output[] }) => cell.outputs ?? []);

    const plotlyStart = readPlotlyBundle().slice(0, 300);
    const [first, second] = [outputs[1]![0]!, outputs[2]![0]!];
    for (const figure of [first, second]) {
      const spec = figure.data!["application/vnd.plotly.v1+json"] as { data: unknown[] };
      assert.equal(spec.data.length, 1);
    }
    assert.ok((first.data!["text/html"] as string).includes(plotlyStart), "first figure inlines plotly.js");
    assert.ok(
      !(second.data!["text/html"] as string).includes(plotlyStart),
      "second figure reuses window.Plotly",
    );

    const table = outputs[3]![0]!.data!;
    assert.ok((table["text/html"] as string).includes("&lt;img src=x onerror=alert(1)&gt;"));
    assert.ok((table["text/html"] as string).includes("1 of 2 rows shown"));

    assert.equal(outputs[4]!.length, 1, "progress updates replace one output");
    assert.match(outputs[4]![0]!.data!["text/plain"] as string, /^step 5\/5: loss 0\.2, .* done in /);
  },
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { table } from "arquero";
import { FIGURE_CATALOG, FIGURE_ROWS, keyFigures } from "./figure_catalog.ts";
import { coverageSections, figureCoverage } from "./figure_coverage.ts";
import { PROJECT_ROOT } from "./params.ts";
import { openResults } from "./results.ts";

const SOURCES = join(PROJECT_ROOT, "notebooks", "src");

Deno.test("catalogue rows: ten slides and twelve paper rows", () => {
  assert.equal(FIGURE_ROWS.filter((r) => r.source === "slide").length, 10);
  assert.equal(FIGURE_ROWS.filter((r) => r.source === "paper").length, 12);
  assert.equal(new Set(FIGURE_ROWS.map((r) => r.id)).size, FIGURE_ROWS.length, "row ids must be unique");
  const paperLabels = FIGURE_ROWS.filter((r) => r.source === "paper").map((r) => r.label);
  assert.deepEqual(paperLabels, [
    "Fig. 1",
    "Fig. 2",
    "Fig. 3",
    "Fig. 4, G.9",
    "Fig. B.1",
    "Fig. B.2",
    "Fig. B.3",
    "Fig. B.4, B.5",
    "Fig. C.6",
    "Fig. G.7",
    "Fig. G.8",
    "Table F.1, F.2",
  ]);
});

Deno.test("catalogue covers every row", () => {
  for (const row of FIGURE_ROWS) {
    assert.ok(FIGURE_CATALOG.some((e) => e.rows.includes(row.id)), `no output reproduces ${row.label}`);
  }
  for (const entry of FIGURE_CATALOG) {
    for (const id of entry.rows) assert.ok(FIGURE_ROWS.some((r) => r.id === id), `unknown row ${id}`);
  }
});

Deno.test("catalogued outputs are saved by their notebooks", () => {
  const missing: string[] = [];
  for (const entry of FIGURE_CATALOG) {
    let source: string;
    try {
      source = Deno.readTextFileSync(join(SOURCES, `${entry.notebook}.ts`));
    } catch {
      missing.push(`${entry.notebook}: notebook source not found`);
      continue;
    }
    const call = entry.output.kind === "figure" ? "saveFigure" : "saveTable";
    const pattern = new RegExp(`${call}\\(\\s*"${entry.output.name.replace(/[.]/g, "\\.")}"`);
    if (!pattern.test(source)) missing.push(`${entry.notebook} never calls ${call}("${entry.output.name}")`);
    for (const c of entry.comparisons ?? []) {
      const other = Deno.readTextFileSync(join(SOURCES, `${c.project.notebook}.ts`));
      if (!new RegExp(`saveTable\\(\\s*"${c.project.table}"`).test(other)) {
        missing.push(`${c.project.notebook} never saves table ${c.project.table}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

Deno.test("key figures: one per catalogued notebook", () => {
  const keys = keyFigures();
  const notebooks = [...new Set(FIGURE_CATALOG.map((e) => e.notebook))];
  assert.equal(
    keys.length,
    new Set(FIGURE_CATALOG.filter((e) => e.output.kind === "figure").map((e) => e.notebook)).size,
  );
  assert.ok(keys.every((k) => notebooks.includes(k.notebook)));
  assert.equal(keys.find((k) => k.notebook === "07_history_state_and_l2m")?.figure, "l2m_condition");
});

Deno.test("coverage finds outputs and computes differences", async () => {
  const root = await Deno.makeTempDir();
  const empty = await figureCoverage(root);
  assert.ok(empty.rows.every((r) => r.present === 0));
  assert.ok(empty.comparisons.every((c) => c.project === undefined && c.missing?.includes("run notebook")));

  const nb04 = await openResults("04_subvolume_gaussian", { resultsRoot: root, scale: "quick", seed: 0 });
  await nb04.saveTable("fits", table({ family: [1, 2], power_law_beta: [0.81, 0.2] }));
  await nb04.saveFigure("fig_c6", { data: [], layout: {} });
  const coverage = await figureCoverage(root);
  const c6 = coverage.rows.find((r) => r.row.id === "paper-fig-c6")!;
  assert.equal(c6.present, 1);
  const beta = coverage.comparisons.find((c) => c.quantity === "β of Gaussian family 1")!;
  assert.equal(beta.paper, 0.79);
  assert.equal(beta.project, 0.81);
  assert.ok(Math.abs(beta.difference! - 0.02) < 1e-12);

  const direct = coverage.comparisons.find((c) => c.quantity.startsWith("β (direct), long book"))!;
  assert.equal(direct.paper, 0.76, "read from datasets/paper_reference/mi_fits.csv");
  const extrapolated = coverage.comparisons.find((c) => c.quantity.startsWith("BMI at L = 10⁶"))!;
  assert.ok(Math.abs(extrapolated.paper! - 2.27 * 1e6 ** 0.76) < 1e-6 * extrapolated.paper!);

  // The project's extrapolation must come from its own fit, not from the paper rows of the same table.
  const nb07 = await openResults("07_history_state_and_l2m", { resultsRoot: root, scale: "quick", seed: 0 });
  await nb07.saveTable(
    "bmi_extrapolation",
    table({
      estimator: ["direct", "direct (n-gram)"],
      source: ["paper (reference)", "notebook 03"],
      bmi_at_1e6: [82418.7, 5000],
    }),
  );
  const own = (await figureCoverage(root)).comparisons.find((c) => c.quantity.startsWith("BMI at L = 10⁶"))!;
  assert.equal(own.project, 5000);

  const [figures, values] = await coverageSections(root);
  // fig_c6 covers Fig. C.6; the extrapolation table covers slide 7 and Fig. 1.
  assert.ok(figures!.title.includes(`3 of ${FIGURE_ROWS.length}`), figures!.title);
  assert.ok(figures!.html.includes("Optimal level of sparsity?"));
  assert.ok(values!.html.includes("0.8100"));
  await Deno.remove(root, { recursive: true });
});

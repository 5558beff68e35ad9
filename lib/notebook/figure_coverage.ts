/**
 * Figure coverage of a results folder: for every row of the figure specification, which catalogued outputs
 * exist, and for every published number, the paper's value, the project's value and their difference.
 * {@link coverageSections} renders both as extra sections of the report index (`exportReport`'s `sections`).
 *
 * @example
 * ```ts
 * import { figureCoverage } from "@l2m/notebook/figure_coverage.ts";
 * const coverage = await figureCoverage(await Deno.makeTempDir());
 * console.assert(coverage.rows.length === 22 && coverage.rows.every((r) => r.present === 0));
 * ```
 * @module
 */
import { join } from "node:path";
import { escapeHtml } from "../util/escape.ts";
import { paperFits } from "../info/paper_reference.ts";
import {
  type CatalogEntry,
  type Comparison,
  FIGURE_CATALOG,
  FIGURE_ROWS,
  type FigureRow,
  type ProjectValue,
} from "./figure_catalog.ts";
import { loadTable } from "./results.ts";
import type { IndexSection } from "./report_index.ts";

/** One row of the specification with its outputs and whether each exists. */
export interface RowCoverage {
  row: FigureRow;
  outputs: { entry: CatalogEntry; exists: boolean }[];
  /** Outputs found in the results folder. */
  present: number;
}

/** A paper value next to the project's; `undefined` where a side is not available. */
export interface ComparisonResult {
  quantity: string;
  notebook: string;
  paper: number | undefined;
  paperSource: string;
  project: number | undefined;
  /** project − paper. */
  difference: number | undefined;
  /** Reason the project value is missing, when it is. */
  missing?: string;
}

/** Coverage of every row and every comparison. */
export interface Coverage {
  rows: RowCoverage[];
  comparisons: ComparisonResult[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

function outputPath(root: string, entry: CatalogEntry): string {
  const file = entry.output.kind === "figure"
    ? `${entry.output.name}.figure.json`
    : `${entry.output.name}.arrow`;
  return join(root, entry.notebook, file);
}

function matches(row: Record<string, unknown>, where: ProjectValue["where"]): boolean {
  return Object.entries(where).every(([column, expected]) => {
    const value = row[column];
    if (typeof expected === "number") return Number(value) === expected;
    return String(value ?? "").toLowerCase().includes(expected.toLowerCase());
  });
}

/** Reads the project's value of a comparison from a saved table; `missing` gives the reason when it cannot. */
export async function projectValue(
  root: string,
  spec: ProjectValue,
): Promise<{ value?: number; missing?: string }> {
  let rows: Record<string, unknown>[];
  try {
    rows = (await loadTable(spec.notebook, spec.table, { root })).objects() as Record<string, unknown>[];
  } catch {
    return { missing: `run notebook ${spec.notebook} (table ${spec.table} not found)` };
  }
  const row = rows.find((r) => matches(r, spec.where));
  const value = Number(row?.[spec.column]);
  if (!row || !Number.isFinite(value)) {
    return { missing: `no finite ${spec.column} in ${spec.table} where ${JSON.stringify(spec.where)}` };
  }
  return { value: value * (spec.scale ?? 1) };
}

async function paperValue(comparison: Comparison): Promise<{ value?: number; source: string }> {
  const ref = comparison.paper;
  if (ref.kind === "text") return { value: ref.value, source: ref.source };
  const fit = (await paperFits()).find((f) =>
    f.figure === ref.figure && f.dataset === ref.dataset && f.series === ref.series
  );
  const where = `mi_fits.csv ${ref.figure}/${ref.dataset}/${ref.series}`;
  if (!fit) return { source: `${where} (row missing)` };
  if (ref.value === "exponent") return { value: fit.exponent, source: `${where}: exponent` };
  return {
    value: fit.prefactor * ref.value.at ** fit.exponent,
    source: `${where}: ${fit.prefactor}·${ref.value.at}^${fit.exponent}`,
  };
}

/** Checks every catalogued output and comparison against the results under `root`. */
export async function figureCoverage(root: string): Promise<Coverage> {
  const existence = new Map<CatalogEntry, boolean>();
  for (const entry of FIGURE_CATALOG) existence.set(entry, await exists(outputPath(root, entry)));
  const rows = FIGURE_ROWS.map((row) => {
    const outputs = FIGURE_CATALOG.filter((e) => e.rows.includes(row.id)).map((entry) => ({
      entry,
      exists: existence.get(entry)!,
    }));
    return { row, outputs, present: outputs.filter((o) => o.exists).length };
  });
  const comparisons: ComparisonResult[] = [];
  for (const entry of FIGURE_CATALOG) {
    for (const c of entry.comparisons ?? []) {
      const paper = await paperValue(c);
      const project = await projectValue(root, c.project);
      comparisons.push({
        quantity: c.quantity,
        notebook: c.project.notebook,
        paper: paper.value,
        paperSource: paper.source,
        project: project.value,
        difference: paper.value !== undefined && project.value !== undefined
          ? project.value - paper.value
          : undefined,
        missing: project.missing,
      });
    }
  }
  return { rows, comparisons };
}

function number(value: number | undefined): string {
  if (value === undefined) return "—";
  const abs = Math.abs(value);
  return abs !== 0 && (abs >= 1e4 || abs < 1e-3) ? value.toExponential(3) : value.toPrecision(4);
}

/** Renders the coverage as two index sections: figures of the material, and paper vs project values. */
export function renderCoverage(coverage: Coverage): IndexSection[] {
  const rowHtml = coverage.rows.map(({ row, outputs, present }) => {
    const links = outputs.map(({ entry, exists }) => {
      const page = `${encodeURIComponent(entry.notebook)}.html`;
      const mark = exists ? "✓" : "missing";
      return `<li><a href="${page}">${escapeHtml(entry.notebook)}</a> · ${escapeHtml(entry.output.kind)} ` +
        `<code>${escapeHtml(entry.output.name)}</code> (${mark}): ${escapeHtml(entry.description)}</li>`;
    }).join("");
    let status = "not produced";
    if (present === outputs.length) status = "covered";
    else if (present > 0) status = "partly covered";
    return `<tr><td>${escapeHtml(row.source)}</td><td>${escapeHtml(row.label)}</td>` +
      `<td>${escapeHtml(row.chart)}</td><td><ul>${links}</ul></td><td>${status}</td></tr>`;
  }).join("\n");
  const covered = coverage.rows.filter((r) => r.present > 0).length;
  const figures = {
    title: `Figures of the material (${covered} of ${coverage.rows.length} rows produced)`,
    html: `<table><thead><tr><th>source</th><th>slide / figure</th><th>chart</th><th>reproduced by</th>` +
      `<th>status</th></tr></thead><tbody>\n${rowHtml}\n</tbody></table>`,
  };
  const comparisonHtml = coverage.comparisons.map((c) =>
    `<tr><td>${escapeHtml(c.quantity)}</td><td>${number(c.paper)}<br><small>${
      escapeHtml(c.paperSource)
    }</small></td>` +
    `<td>${number(c.project)}${c.missing ? `<br><small>${escapeHtml(c.missing)}</small>` : ""}</td>` +
    `<td>${number(c.difference)}</td><td>${escapeHtml(c.notebook)}</td></tr>`
  ).join("\n");
  const values = {
    title: "Paper values next to the project's",
    html:
      `<p>The paper's numbers come from <code>datasets/paper_reference/</code> or its text; the project's ` +
      `from the saved tables of this run. Text measurements here use other corpora, tokenizers and much ` +
      `smaller scoring models than the paper's LLaMA-3.1-405B, so only exponents are expected to be close.</p>` +
      `<table><thead><tr><th>quantity</th><th>paper</th><th>project</th><th>project − paper</th>` +
      `<th>notebook</th></tr></thead><tbody>\n${comparisonHtml}\n</tbody></table>`,
  };
  return [figures, values];
}

/** Computes and renders the coverage of `root`, ready for `exportReport({ sections })`. */
export async function coverageSections(root: string): Promise<IndexSection[]> {
  return renderCoverage(await figureCoverage(root));
}

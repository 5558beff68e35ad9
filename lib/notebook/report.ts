/**
 * Exports executed notebooks as an offline HTML report: `index.html` plus one self-contained page per
 * notebook (see report_page.ts), and optionally a static PNG or SVG of every figure, drawn by Debian's
 * Chromium through `playwright-core` (see report_static.ts). All files are written atomically.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportReport } from "@l2m/notebook/report.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/notebooks`);
 * const notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
 *   { cell_type: "markdown", metadata: {}, source: "# Demo\nMath $x^2$." },
 *   { cell_type: "code", metadata: {}, source: "1 + 1", execution_count: 1,
 *     outputs: [{ output_type: "execute_result", execution_count: 1, metadata: {}, data: { "text/plain": "2" } }] },
 * ] };
 * await Deno.writeTextFile(`${dir}/notebooks/00_demo.ipynb`, JSON.stringify(notebook));
 * const { index, pages } = await exportReport({ executedDir: `${dir}/notebooks`, outDir: `${dir}/report` });
 * assert.equal(pages.length, 1);
 * assert.ok((await Deno.readTextFile(index)).includes("Demo"));
 * ```
 * @module
 */
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "../util/atomic.ts";
import { InputError } from "../util/errors.ts";
import { type IndexEntry, type IndexSection, renderIndex, runInfoLine } from "./report_index.ts";
import { type PageFigure, renderNotebookPage } from "./report_page.ts";
import { exportFigureImages } from "./report_static.ts";
import type { Ipynb } from "./source.ts";

export type { IndexEntry, IndexSection } from "./report_index.ts";

/** Options of {@link exportReport}. */
export interface ExportReportOptions {
  /** Folder of executed `.ipynb` files (the runner writes `<results>/notebooks/`). */
  executedDir: string;
  /** Folder the report is written to; created if missing. */
  outDir: string;
  /** Also write a static image of every figure to `<outDir>/figures/<notebook>/<n>.<format>`. */
  figures?: "png" | "svg";
  /** Folder holding `<notebook>/manifest.json`; the parent of `executedDir` by default. */
  resultsRoot?: string;
  /**
   * Extra sections appended to the index (trusted HTML). A function receives the notebook entries with
   * their manifests, e.g. to build a figure-coverage table from the figures each notebook saved.
   */
  sections?: IndexSection[] | ((entries: IndexEntry[]) => IndexSection[] | Promise<IndexSection[]>);
  /** Title of the index page. */
  title?: string;
  /**
   * Failures of the run that produced `executedDir`, by notebook name (the message names the cell and
   * the error). The index shows each one; a failed notebook without an executed copy gets a row without
   * a page link.
   */
  failures?: Record<string, string>;
}

/** Paths written by {@link exportReport}. */
export interface ExportReportResult {
  index: string;
  pages: string[];
  /** Static figure images, when `figures` was set. */
  images: string[];
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

async function listNotebooks(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && entry.name.endsWith(".ipynb")) names.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputError(`executed notebooks folder ${dir} not found: run \`deno task reproduce\` first`);
    }
    throw error;
  }
  return names.sort();
}

/** Exports the report; returns the index path, the page paths and any static images written. */
export async function exportReport(options: ExportReportOptions): Promise<ExportReportResult> {
  const resultsRoot = options.resultsRoot ?? dirname(options.executedDir);
  const files = await listNotebooks(options.executedDir);
  const entries: IndexEntry[] = [];
  const pages: string[] = [];
  const figuresByNotebook = new Map<string, PageFigure[]>();

  for (const file of files) {
    const name = basename(file, ".ipynb");
    const notebook = (await readJson(join(options.executedDir, file))) as Ipynb | undefined;
    if (!notebook || !Array.isArray(notebook.cells)) {
      throw new InputError(
        `${join(options.executedDir, file)} is not an nbformat 4 notebook (no "cells" list)`,
      );
    }
    const manifest = await readJson(join(resultsRoot, name, "manifest.json"));
    const run = (notebook.metadata?.l2m ?? undefined) as Record<string, unknown> | undefined;
    const extension = options.figures;
    const page = renderNotebookPage(notebook, {
      name,
      runInfo: runInfoLine(manifest, run),
      figureLink: extension
        ? (index) => `figures/${encodeURIComponent(name)}/${index}.${extension}`
        : undefined,
    });
    const href = `${encodeURIComponent(name)}.html`;
    const path = join(options.outDir, `${name}.html`);
    await writeFileAtomic(path, page.html);
    pages.push(path);
    figuresByNotebook.set(name, page.figures);
    const failure = options.failures?.[name];
    entries.push({ name, title: page.title, href, figures: page.figures.length, manifest, run, failure });
  }
  for (const [name, failure] of Object.entries(options.failures ?? {})) {
    if (entries.some((entry) => entry.name === name)) continue;
    const manifest = await readJson(join(resultsRoot, name, "manifest.json"));
    entries.push({ name, title: name, href: "", figures: 0, manifest, failure });
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

  const index = join(options.outDir, "index.html");
  const sections = typeof options.sections === "function"
    ? await options.sections(entries)
    : options.sections;
  await writeFileAtomic(index, renderIndex(entries, { title: options.title, sections }));

  const images = options.figures
    ? await exportFigureImages(figuresByNotebook, join(options.outDir, "figures"), options.figures)
    : [];
  return { index, pages, images };
}

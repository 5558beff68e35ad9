/**
 * Result files of a notebook run. Each notebook writes its tables under `<results>/<notebook>/` as CSV
 * and as an Arrow IPC file. That is the Feather v2 format, read by `pandas.read_feather` and
 * `polars.read_ipc`. Figure specs go to JSON files. A `manifest.json` records the run's provenance: git
 * commit, scale, seed, tfjs backend, library versions, the tables and figures written, and times. Every file is written atomically
 * (temporary file + rename). The manifest is updated by read-modify-write, so fields written by others
 * (the runner adds `cells`, `wall_ms` and `status`) are kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { loadTable, openResults } from "@l2m/notebook/results.ts";
 * const root = await Deno.makeTempDir();
 * const results = await openResults("01_example", { resultsRoot: root, scale: "quick", seed: 7 });
 * await results.saveTable("counts", aq.table({ word: ["the", "whale"], count: [120, 7] }));
 * const table = await loadTable("01_example", "counts", { root });
 * assert.equal(table.numRows(), 2);
 * assert.equal((await results.manifest()).seed, 7);
 * ```
 * @module
 */
import { fromArrow, toArrowIPC } from "arquero";
import type { ColumnTable } from "arquero";
import { type DataType, int64, utf8 } from "@uwdata/flechette";
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomic.ts";
import { InputError } from "../util/errors.ts";
import { type NotebookParams, notebookParams } from "./params.ts";
import { libraryVersions, readGitCommit } from "./provenance.ts";

/** One table listed in the manifest; paths are relative to the notebook's results folder. */
export interface TableEntry {
  name: string;
  csv: string;
  arrow: string;
  rows: number;
  columns: string[];
}

/** One figure spec listed in the manifest. */
export interface FigureEntry {
  name: string;
  json: string;
  title: string;
}

/** Contents of `manifest.json`. Unknown fields written by other tools are kept on update. */
export interface Manifest {
  notebook: string;
  git_commit: string | null;
  git_dirty: boolean | null;
  scale: string;
  seed: number;
  tfjs_backend: string | null;
  versions: Record<string, string>;
  tables: TableEntry[];
  figures: FigureEntry[];
  notes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** A figure as {@link ResultsWriter.saveFigure} accepts it: a `Figure` or any `{data, layout}` spec. */
export interface FigureLike {
  toJSON?: () => unknown;
  data?: unknown;
  layout?: unknown;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function checkName(kind: string, name: string): void {
  if (!NAME.test(name) || name.includes("..")) {
    throw new InputError(
      `invalid ${kind} name "${name}": use letters, digits, "_", "-" and "." only, starting with a letter or digit`,
    );
  }
}

/** Reads `<dir>/manifest.json`, or returns `undefined` when there is none. */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(join(dir, "manifest.json"))) as Manifest;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new Error(`cannot read ${join(dir, "manifest.json")}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

const manifestLocks = new Map<string, Promise<unknown>>();

/**
 * Applies `change` to `<dir>/manifest.json` and writes it back atomically. Updates from one process are
 * applied in call order; the result keeps every field `change` does not touch.
 */
export function updateManifest(
  dir: string,
  change: (current: Record<string, unknown>) => Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const previous = manifestLocks.get(dir) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(async () => {
    const current = ((await readManifest(dir)) ?? {}) as Record<string, unknown>;
    const updated = change({ ...current });
    await writeJsonAtomic(join(dir, "manifest.json"), updated);
    return updated;
  });
  manifestLocks.set(dir, next);
  return next;
}

function upsert<T extends { name: string }>(list: unknown, entry: T): T[] {
  const entries = Array.isArray(list) ? (list as T[]).filter((e) => e.name !== entry.name) : [];
  entries.push(entry);
  return entries;
}

/**
 * Returns Arrow column types that stay the same from run to run: integer columns become Int64 and text
 * columns plain UTF-8. Without them the encoder picks the narrowest integer type that fits (an int8 or
 * int16 column overflows silently in pandas arithmetic) and dictionary-encodes strings (categoricals
 * that polars refuses to concatenate across files).
 */
export function stableArrowTypes(table: ColumnTable): Record<string, DataType> {
  const types: Record<string, DataType> = {};
  for (const name of table.columnNames()) {
    const values = table.array(name) as ArrayLike<unknown>;
    let integers = 0;
    let strings = 0;
    let nonNull = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined) continue;
      nonNull++;
      if (typeof value === "number" && Number.isSafeInteger(value)) integers++;
      else if (typeof value === "string") strings++;
    }
    if (nonNull === 0) continue;
    if (integers === nonNull) types[name] = int64();
    else if (strings === nonNull) types[name] = utf8();
  }
  return types;
}

/** Writes one notebook's results; create it with {@link openResults}. */
export class ResultsWriter {
  constructor(readonly notebook: string, readonly dir: string) {}

  /** Writes `<name>.csv` and `<name>.arrow` and lists the table in the manifest. */
  async saveTable(name: string, table: ColumnTable): Promise<TableEntry> {
    checkName("table", name);
    if (typeof (table as Partial<ColumnTable>)?.toCSV !== "function") {
      throw new InputError(`saveTable("${name}") expects an arquero table: build one with aq.from(rows)`);
    }
    const entry: TableEntry = {
      name,
      csv: `${name}.csv`,
      arrow: `${name}.arrow`,
      rows: table.numRows(),
      columns: table.columnNames(),
    };
    await writeFileAtomic(join(this.dir, entry.csv), table.toCSV());
    await writeFileAtomic(
      join(this.dir, entry.arrow),
      toArrowIPC(table, { format: "file", types: stableArrowTypes(table) }),
    );
    await this.update((m) => ({ ...m, tables: upsert(m.tables, entry) }));
    return entry;
  }

  /** Writes a figure's `{data, layout, config}` spec to `<name>.figure.json` and lists it in the manifest. */
  async saveFigure(name: string, figure: FigureLike): Promise<FigureEntry> {
    checkName("figure", name);
    const spec = (typeof figure.toJSON === "function" ? figure.toJSON() : figure) as {
      data?: unknown;
      layout?: { title?: string | { text?: string } };
    };
    if (!Array.isArray(spec?.data)) {
      throw new InputError(
        `saveFigure("${name}") expects a Figure or a {data, layout} spec with a data array`,
      );
    }
    const title = typeof spec.layout?.title === "string" ? spec.layout.title : spec.layout?.title?.text ?? "";
    const entry: FigureEntry = { name, json: `${name}.figure.json`, title };
    await writeJsonAtomic(join(this.dir, entry.json), spec);
    await this.update((m) => ({ ...m, figures: upsert(m.figures, entry) }));
    return entry;
  }

  /** Records the tfjs backend the notebook runs on (`wasm`, `webgpu`, `cpu`). */
  async setBackend(name: string): Promise<void> {
    await this.update((m) => ({ ...m, tfjs_backend: name }));
  }

  /** Records any other run fact under `notes.<key>`, e.g. a corpus name or a token count. */
  async note(key: string, value: unknown): Promise<void> {
    await this.update((m) => ({
      ...m,
      notes: { ...(m.notes as Record<string, unknown> | undefined), [key]: value },
    }));
  }

  /** Returns the current manifest. */
  async manifest(): Promise<Manifest> {
    return (await readManifest(this.dir))!;
  }

  private async update(change: (m: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
    await updateManifest(this.dir, (m) => ({ ...change(m), updated_at: new Date().toISOString() }));
  }
}

const openedInThisProcess = new Set<string>();

/**
 * Opens `<resultsRoot>/<notebook>/` for writing and records the run's provenance in the manifest. The
 * first call in a process starts a new run: the table and figure lists restart empty, while other fields
 * of an earlier manifest are kept until overwritten.
 */
export async function openResults(
  notebook: string,
  params: Partial<NotebookParams> = {},
): Promise<ResultsWriter> {
  checkName("notebook", notebook);
  const { scale, seed, resultsRoot } = { ...notebookParams(), ...params };
  const dir = join(resultsRoot, notebook);
  const [git, versions] = await Promise.all([readGitCommit(), libraryVersions()]);
  const newRun = !openedInThisProcess.has(dir);
  openedInThisProcess.add(dir);
  const now = new Date().toISOString();
  await updateManifest(dir, (m) => ({
    ...m,
    notebook,
    git_commit: git.commit,
    git_dirty: git.dirty,
    scale,
    seed,
    tfjs_backend: (m.tfjs_backend as string | undefined) ?? null,
    versions,
    tables: newRun ? [] : m.tables ?? [],
    figures: newRun ? [] : m.figures ?? [],
    notes: newRun ? {} : m.notes ?? {},
    created_at: newRun ? now : m.created_at ?? now,
    updated_at: now,
  }));
  return new ResultsWriter(notebook, dir);
}

/** Options of {@link loadTable} and {@link loadFigure}. */
export interface LoadOptions {
  /** Results root; `notebookParams().resultsRoot` by default. */
  root?: string;
}

/** Loads a table another notebook saved, from its Arrow file. */
export async function loadTable(
  notebook: string,
  name: string,
  options: LoadOptions = {},
): Promise<ColumnTable> {
  checkName("notebook", notebook);
  checkName("table", name);
  const path = join(options.root ?? notebookParams().resultsRoot, notebook, `${name}.arrow`);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputError(
        `table "${name}" of notebook "${notebook}" not found at ${path}: run that notebook first`,
      );
    }
    throw error;
  }
  return fromArrow(bytes);
}

/** Loads a figure spec another notebook saved. */
export async function loadFigure(
  notebook: string,
  name: string,
  options: LoadOptions = {},
): Promise<{ data: unknown[]; layout: Record<string, unknown> }> {
  checkName("notebook", notebook);
  checkName("figure", name);
  const path = join(options.root ?? notebookParams().resultsRoot, notebook, `${name}.figure.json`);
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputError(
        `figure "${name}" of notebook "${notebook}" not found at ${path}: run that notebook first`,
      );
    }
    throw error;
  }
}

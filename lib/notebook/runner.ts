/**
 * Headless notebook runner: executes `.ipynb` files in fresh `deno jupyter` kernels without Python.
 *
 * Each notebook gets its own kernel, started in `notebooks/` so that the project's `deno.json` applies,
 * with `L2M_SCALE`, `L2M_SEED`, `L2M_RESULTS` and `L2M_NOTEBOOK` set, and `L2M_PLOTLY_INLINE=0` so that
 * figure outputs stay small (the report embeds plotly.js itself). Cells run in order; the first
 * failing cell (an error, a timeout or a kernel crash) stops the notebook. The executed notebook
 * (outputs, execution counts, per-cell timing in `metadata.execution`) is written atomically to
 * `<results>/notebooks/<name>.ipynb`, also after a failure, and the per-cell wall times are merged into
 * `<results>/<name>/manifest.json`. The kernel is killed in every case (see processes.ts for signals).
 *
 * @module
 */
import { basename, join } from "node:path";
import { writeJsonAtomic } from "../util/atomic.ts";
import { InputError } from "../util/errors.ts";
import { PLOTLY_INLINE_ENV } from "../plot/figure.ts";
import { Kernel, KernelDiedError, KernelStreamError, KernelTimeoutError } from "./kernel.ts";
import { PROJECT_ROOT, type Scale } from "./params.ts";
import { onAbort } from "./processes.ts";
import { cellText, type Ipynb } from "./source.ts";
import { removeStaleKernelDirs, removeTempFiles } from "./tempfiles.ts";

/**
 * Default time limit per cell: one hour, twice the default-scale budget, because notebook 05 trains its
 * whole sweep in one cell.
 */
export const DEFAULT_CELL_TIMEOUT_MS = 3_600_000;

/** Options for {@link runNotebook}. */
export interface RunOptions {
  /** Run size passed as `L2M_SCALE`; default `default`. */
  scale?: Scale;
  /** Seed passed as `L2M_SEED`; default 0. */
  seed?: number;
  /** Results folder passed as `L2M_RESULTS`; default `<project>/results`. */
  resultsRoot?: string;
  /** Time limit per cell in ms, by default {@link DEFAULT_CELL_TIMEOUT_MS}. */
  cellTimeoutMs?: number;
  /** Working folder of the kernel; default `<project>/notebooks`. */
  cwd?: string;
  /** Receives one plain progress line per notebook start, cell and end; default `console.log`. */
  onProgress?: (line: string) => void;
}

/** Timing of one executed code cell; `index` is 0-based among all cells of the notebook. */
export interface CellTiming {
  index: number;
  wall_ms: number;
}

/** The outcome of a notebook that ran to the end. */
export interface NotebookRun {
  name: string;
  /** Path of the executed notebook. */
  executedPath: string;
  wallMs: number;
  cells: CellTiming[];
}

/** A notebook stopped at a cell; the message names the notebook, the cell and the error. */
export class NotebookError extends Error {
  override name = "NotebookError";
  constructor(
    readonly notebook: string,
    /** 1-based position among all cells. */
    readonly cell: number,
    /** 1-based position among code cells, and their count. */
    readonly codeCell: number,
    readonly codeCells: number,
    readonly ename: string,
    readonly evalue: string,
    readonly traceback: string[],
  ) {
    const detail = traceback.length ? traceback.join("\n") : `${ename}: ${evalue}`;
    super(
      `notebook ${notebook}: cell ${cell} (code cell ${codeCell} of ${codeCells}) failed: ` +
        `${ename}: ${evalue}\n${stripAnsi(detail)}`,
    );
  }
}

// deno-lint-ignore no-control-regex
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The notebook name used for result folders: the file name without `.ipynb`. */
export function notebookName(path: string): string {
  return basename(path).replace(/\.ipynb$/, "");
}

async function readNotebook(path: string): Promise<Ipynb> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new InputError(`cannot read notebook ${path}: ${(error as Error).message}`);
  }
  try {
    const notebook = JSON.parse(text) as Ipynb;
    if (!Array.isArray(notebook.cells)) throw new Error("no cells array");
    return notebook;
  } catch (error) {
    throw new InputError(`invalid notebook ${path}: ${(error as Error).message}; rebuild it from its source`);
  }
}

async function mergeManifest(path: string, fields: Record<string, unknown>): Promise<void> {
  let manifest: Record<string, unknown> = {};
  try {
    manifest = JSON.parse(await Deno.readTextFile(path));
  } catch { /* no manifest yet, or an unreadable one that is replaced */ }
  await writeJsonAtomic(path, { ...manifest, ...fields });
}

/** What {@link executeCells} needs to know about the notebook it runs. */
interface CellRun {
  name: string;
  notebook: Ipynb;
  timeoutMs: number;
  progress: (line: string) => void;
  /** Receives the timing of each executed cell. */
  cells: CellTiming[];
}

/** Runs the code cells in order, filling in outputs; returns the first failure, if any. */
async function executeCells(kernel: Kernel, run: CellRun): Promise<NotebookError | undefined> {
  const { name, notebook, timeoutMs, progress } = run;
  const codeCells = notebook.cells.filter((cell) => cell.cell_type === "code").length;
  let codeIndex = 0;
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    codeIndex++;
    cell.outputs = [];
    cell.execution_count = null;
    const code = cellText(cell);
    if (code.trim() === "") continue;

    const cellStart = performance.now();
    const fail = (ename: string, evalue: string, traceback: string[] = []) =>
      new NotebookError(name, index + 1, codeIndex, codeCells, ename, evalue, traceback);
    let failure: NotebookError | undefined;
    try {
      const result = await kernel.execute(code, { timeoutMs });
      cell.outputs = result.outputs;
      cell.execution_count = result.executionCount;
      cell.metadata = {
        ...cell.metadata,
        execution: { "shell.execute_request": result.startedAt, "shell.execute_reply": result.finishedAt },
      };
      if (result.status !== "ok") {
        const error = result.error ??
          { ename: "Aborted", evalue: "the kernel aborted the cell", traceback: [] };
        failure = fail(error.ename, error.evalue, error.traceback);
      }
    } catch (error) {
      if (error instanceof KernelTimeoutError) {
        failure = fail("Timeout", `cell ran longer than ${timeoutMs / 1000} s (raise --cell-timeout)`);
      } else if (error instanceof KernelStreamError) {
        failure = fail("KernelStream", error.message);
      } else if (error instanceof KernelDiedError) {
        failure = fail("KernelDied", error.message);
      } else throw error;
      cell.outputs = [{ output_type: "error", ename: failure.ename, evalue: failure.evalue, traceback: [] }];
    }

    const wallMs = performance.now() - cellStart;
    run.cells.push({ index, wall_ms: Math.round(wallMs * 10) / 10 });
    const verdict = failure ? "FAILED" : "ok";
    progress(`${name}: cell ${index + 1}/${notebook.cells.length} ${verdict} ${seconds(wallMs)}`);
    if (failure) return failure;
  }
  return undefined;
}

/**
 * Executes one notebook and writes the executed copy and the manifest timings. Rejects with
 * {@link NotebookError} at the first failing cell, after writing the executed notebook up to that cell.
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<NotebookRun> {
  const name = notebookName(path);
  const resultsRoot = options.resultsRoot ?? join(PROJECT_ROOT, "results");
  const progress = options.onProgress ?? ((line: string) => console.log(line));
  const notebook = await readNotebook(path);
  const executedPath = join(resultsRoot, "notebooks", `${name}.ipynb`);
  const started = performance.now();
  const run: CellRun = {
    name,
    notebook,
    timeoutMs: options.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_MS,
    progress,
    cells: [],
  };

  const kernel = await Kernel.start({
    cwd: options.cwd ?? join(PROJECT_ROOT, "notebooks"),
    env: {
      L2M_SCALE: options.scale ?? "default",
      L2M_SEED: String(options.seed ?? 0),
      L2M_RESULTS: resultsRoot,
      L2M_NOTEBOOK: name,
      // A figure output that inlines plotly.js is a 5 MB IOPub message, which deno jupyter 2.9.6 can
      // interleave with the next message under load (the HMAC check then fails).
      [PLOTLY_INLINE_ENV]: "0",
    },
  });
  // On SIGINT/SIGTERM the kernel is killed first; then its and this process's temporary files go.
  const removeHook = onAbort(() => removeTempFiles(resultsRoot, [Deno.pid, kernel.pid]));
  // A previous run's status, timings and finish time must not describe this run while it is under way
  // or after it is interrupted.
  await mergeManifest(join(resultsRoot, name, "manifest.json"), {
    cells: [],
    wall_ms: null,
    finished_at: null,
    status: "running",
  }).catch(async (error) => {
    removeHook();
    await kernel.shutdown();
    throw error;
  });
  try {
    const codeCells = notebook.cells.filter((cell) => cell.cell_type === "code").length;
    progress(`${name}: started (kernel PID ${kernel.pid}, ${codeCells} code cells)`);
    let failure: NotebookError | undefined;
    try {
      failure = await executeCells(kernel, run);
    } finally {
      await kernel.shutdown();
    }

    const wallMs = Math.round(performance.now() - started);
    const finishedAt = new Date().toISOString();
    const scale = options.scale ?? "default";
    const seed = options.seed ?? 0;
    notebook.metadata = {
      ...notebook.metadata,
      l2m: { scale, seed, wall_ms: wallMs, finished_at: finishedAt },
    };
    await writeJsonAtomic(executedPath, notebook);
    await mergeManifest(join(resultsRoot, name, "manifest.json"), {
      cells: run.cells,
      wall_ms: wallMs,
      finished_at: finishedAt,
      status: failure ? "failed" : "ok",
    });

    if (failure) {
      progress(`${name}: FAILED at cell ${failure.cell} after ${seconds(wallMs)}`);
      throw failure;
    }
    progress(`${name}: done in ${seconds(wallMs)}`);
    return { name, executedPath, wallMs, cells: run.cells };
  } finally {
    removeHook();
  }
}

/** The outcome of one notebook in {@link runNotebooks}: its run, or the error that stopped it. */
export type NotebookOutcome =
  | { name: string; ok: true; run: NotebookRun }
  | { name: string; ok: false; error: Error };

/**
 * Tells whether a notebook summarises the others (its name starts with `00_`, like `00_overview`).
 * `runNotebooks` runs such notebooks after all the others have finished.
 */
export function isSummaryNotebook(name: string): boolean {
  return name.startsWith("00_");
}

/**
 * Runs notebooks concurrently, at most `jobs` at a time (default: the number of logical CPUs), each in
 * its own kernel. A failing notebook does not stop the others. Outcomes are in the order of `paths`.
 */
export async function runNotebooks(
  paths: string[],
  options: RunOptions & { jobs?: number } = {},
): Promise<NotebookOutcome[]> {
  const jobs = options.jobs ?? navigator.hardwareConcurrency;
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new InputError(`invalid job count ${jobs}: use a positive integer such as 2`);
  }
  removeTempFiles(options.resultsRoot ?? join(PROJECT_ROOT, "results"));
  removeStaleKernelDirs();
  const outcomes: NotebookOutcome[] = new Array(paths.length);
  const runPool = async (indices: number[]) => {
    let next = 0;
    const worker = async () => {
      while (next < indices.length) {
        const index = indices[next++]!;
        const path = paths[index]!;
        const name = notebookName(path);
        for (let attempt = 1;; attempt++) {
          try {
            outcomes[index] = { name, ok: true, run: await runNotebook(path, options) };
          } catch (error) {
            // A corrupted IOPub stream is a transport fault of the kernel, not of the notebook: one retry.
            if (error instanceof NotebookError && error.ename === "KernelStream" && attempt === 1) {
              (options.onProgress ?? console.log)(`${name}: retrying once with a fresh kernel`);
              continue;
            }
            outcomes[index] = { name, ok: false, error: error as Error };
          }
          break;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, indices.length) }, worker));
  };

  // Summary notebooks read the other notebooks' saved results, so they start once those have finished.
  const indices = paths.map((_, i) => i);
  const isSummary = (i: number) => isSummaryNotebook(notebookName(paths[i]!));
  await runPool(indices.filter((i) => !isSummary(i)));
  await runPool(indices.filter(isSummary));
  return outcomes;
}

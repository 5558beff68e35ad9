/**
 * `l2m reproduce`: runs the notebooks headlessly and exports the HTML report.
 * @module
 */
import { parseArgs } from "node:util";
import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { Command } from "../command.ts";
import { InputError } from "../../lib/util/errors.ts";
import { parseScale, parseSeed, PROJECT_ROOT } from "../../lib/notebook/params.ts";
import { DEFAULT_CELL_TIMEOUT_MS, NotebookError, runNotebooks } from "../../lib/notebook/runner.ts";
import { exportReport } from "../../lib/notebook/report.ts";
import { coverageSections } from "../../lib/notebook/figure_coverage.ts";

const DEFAULT_TIMEOUT_S = DEFAULT_CELL_TIMEOUT_MS / 1000;

const HELP = `usage: deno task reproduce [options]

Runs every notebooks/*.ipynb in a fresh Deno kernel (sorted by name), writes the executed notebooks to
<results>/notebooks/ and each notebook's tables and manifest.json to <results>/<notebook>/, then
exports the HTML report to <results>/report/. When notebooks fail, the report is still exported
for every notebook that ran, its index names each failure, and the exit status is 1.

options:
  --scale NAME            run size: quick (tests, minutes in all), default (a 2-core laptop),
                          or paper (the paper's settings, meant for a GPU); default: default
  --only PREFIXES         comma-separated notebook name prefixes, e.g. 01,03; default: all
  --seed N                non-negative integer seed for every random draw; default: 0
  --jobs N                notebooks run at the same time; default: number of logical CPUs
  --cell-timeout SECONDS  time limit per cell, in seconds (fractions allowed); default: ${DEFAULT_TIMEOUT_S}
  --no-report             skip the HTML report export
  --figures png|svg       also export every figure as a static image (needs Chromium)
  --results DIR           results folder; default: $L2M_RESULTS or <project>/results
  --notebooks DIR         folder of the .ipynb files; default: <project>/notebooks

example:
  deno task reproduce --scale quick --only 01,03 --seed 7`;

function positiveNumber(
  option: string,
  value: string | undefined,
  fallback: number,
  integer: boolean,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number) || (integer && !Number.isSafeInteger(number))) {
    throw new InputError(`invalid ${option} "${value}": use a positive ${integer ? "integer" : "number"}`);
  }
  return number;
}

/** The largest delay `setTimeout` honours, in ms (24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_000;

/**
 * Creates `dir` if needed and checks that files can be written in it, so that an unusable results
 * folder fails once, before any kernel starts, instead of failing every notebook.
 */
export function ensureWritableDir(dir: string): void {
  const probe = join(dir, `.l2m-write-check-${Deno.pid}`);
  try {
    Deno.mkdirSync(dir, { recursive: true });
    Deno.writeTextFileSync(probe, "");
    Deno.removeSync(probe);
  } catch (error) {
    throw new InputError(
      `results folder ${dir} is not writable (${(error as Error).message}): pass --results DIR ` +
        "with a folder you can write",
    );
  }
}

/** Lists the notebooks in `dir` whose names start with one of `prefixes` (all when empty), sorted. */
export function selectNotebooks(dir: string, prefixes: string[]): string[] {
  if (!existsSync(dir)) throw new InputError(`notebook folder ${dir} not found: pass --notebooks DIR`);
  const names = readdirSync(dir).filter((name) => name.endsWith(".ipynb")).sort();
  const selected = prefixes.length ? names.filter((name) => prefixes.some((p) => name.startsWith(p))) : names;
  if (selected.length === 0) {
    const wanted = prefixes.length ? ` matching ${prefixes.join(", ")}` : "";
    throw new InputError(`no notebooks${wanted} in ${dir}: available: ${names.join(", ") || "none"}`);
  }
  return selected.map((name) => join(dir, name));
}

async function writeReport(
  resultsRoot: string,
  figures: "png" | "svg" | undefined,
  failures: Record<string, string>,
): Promise<void> {
  const { index, pages, images } = await exportReport({
    executedDir: join(resultsRoot, "notebooks"),
    outDir: join(resultsRoot, "report"),
    figures,
    failures,
    // Which figure of the slides and the paper each notebook reproduces, and paper vs project values.
    sections: await coverageSections(resultsRoot),
  });
  const imageNote = figures ? `, ${images.length} ${figures} figure images` : "";
  console.log(`report: ${index} (${pages.length} notebook pages${imageNote})`);
}

export const reproduce: Command = {
  name: "reproduce",
  summary: "run the notebooks headlessly and export the HTML report",
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        scale: { type: "string", default: "default" },
        only: { type: "string" },
        seed: { type: "string", default: "0" },
        jobs: { type: "string" },
        "cell-timeout": { type: "string" },
        "no-report": { type: "boolean", default: false },
        figures: { type: "string" },
        results: { type: "string" },
        notebooks: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    const scale = parseScale(values.scale);
    const seed = parseSeed(values.seed);
    const jobs = positiveNumber("--jobs", values.jobs, navigator.hardwareConcurrency, true);
    const cellTimeoutMs = positiveNumber("--cell-timeout", values["cell-timeout"], DEFAULT_TIMEOUT_S, false) *
      1000;
    // setTimeout fires at once for delays above 2^31 − 1 ms, which would fail every cell immediately.
    if (cellTimeoutMs > MAX_TIMEOUT_MS) {
      throw new InputError(
        `invalid --cell-timeout "${values["cell-timeout"]}": use at most ${MAX_TIMEOUT_MS / 1000} seconds`,
      );
    }
    const figures = values.figures;
    if (figures !== undefined && figures !== "png" && figures !== "svg") {
      throw new InputError(`invalid --figures "${figures}": use png or svg`);
    }
    const absolute = (path: string) => isAbsolute(path) ? path : resolve(Deno.cwd(), path);
    const resultsRoot = absolute(
      values.results ?? Deno.env.get("L2M_RESULTS") ?? join(PROJECT_ROOT, "results"),
    );
    const prefixes = (values.only ?? "").split(",").map((p) => p.trim()).filter(Boolean);
    if (values.only !== undefined && prefixes.length === 0) {
      throw new InputError(`--only "${values.only}" names no notebook: give prefixes such as 01,03`);
    }
    const paths = selectNotebooks(absolute(values.notebooks ?? join(PROJECT_ROOT, "notebooks")), prefixes);
    ensureWritableDir(resultsRoot);

    console.log(`reproduce: ${paths.length} notebook(s), scale ${scale}, seed ${seed}, ${jobs} job(s)`);
    const started = performance.now();
    const outcomes = await runNotebooks(paths, { scale, seed, jobs, cellTimeoutMs, resultsRoot });
    const failures = outcomes.filter((outcome) => !outcome.ok);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const messages: Record<string, string> = {};
    for (const failure of failures) {
      messages[failure.name] = failure.error instanceof NotebookError
        ? failure.error.message
        : `notebook ${failure.name}: ${failure.error.message}`;
      console.error(`\nFAILED ${messages[failure.name]}`);
    }
    if (failures.length) {
      console.error(`\n${failures.length} of ${paths.length} notebook(s) failed after ${seconds} s`);
    } else {
      console.log(`reproduce: ${paths.length} notebook(s) ran in ${seconds} s`);
    }
    if (!values["no-report"]) await writeReport(resultsRoot, figures, messages);
    return failures.length ? 1 : 0;
  },
};

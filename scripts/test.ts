/**
 * `deno task test`: every check the project has, in order, each printing a header and PASS or FAIL.
 *
 *   1 notebooks   notebooks/*.ipynb agree with notebooks/src/*.ts
 *   2 check       deno check of lib/ cli/ scripts/ bench/ test/ notebooks/src/
 *   3 lint        deno lint, deno fmt --check
 *   4 unit        deno test -A --doc lib/ cli/ test/ (browser tests on a synthetic report)
 *   5 reproduce   quick-scale run of all notebooks plus report export, into a temporary results folder
 *   6 browser     test/*browser*_test.ts on the stage-5 report (L2M_REPORT_DIR)
 *   7 nbconvert   notebook 01 executed by Debian's /usr/bin/jupyter through the project kernelspec
 *
 * Options: `--fast` skips stages 5-7; `--only STAGE` (number or name) runs one stage. The last line is
 * `N passed, N failed`, where N counts the unit tests of stage 4 plus one per other stage. Exit status 1
 * if anything failed.
 */
import { parseArgs } from "node:util";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/notebook/params.ts";
import { installKernelSpec, JUPYTER_DIR } from "../lib/notebook/kernelspec.ts";
import { checkNbconvertOutputs } from "./nbconvert_check.ts";

interface Outcome {
  passed: number;
  failed: number;
  note?: string;
}

const DENO = Deno.execPath();
// deno-lint-ignore no-control-regex
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");

/** Runs a command with its output passed through to the terminal; resolves the exit code and the output. */
async function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  const child = new Deno.Command(command, { args, cwd: PROJECT_ROOT, env, stdout: "piped", stderr: "piped" })
    .spawn();
  let output = "";
  const pump = async (stream: ReadableStream<Uint8Array>, sink: typeof Deno.stdout) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      await sink.write(chunk);
      output += decoder.decode(chunk, { stream: true });
    }
  };
  await Promise.all([pump(child.stdout, Deno.stdout), pump(child.stderr, Deno.stderr)]);
  const { code } = await child.status;
  return { code, output };
}

const stageResult = (
  code: number,
): Outcome => (code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

function existingDirs(dirs: string[]): string[] {
  return dirs.filter((dir) => {
    const path = join(PROJECT_ROOT, dir);
    return existsSync(path) && readdirSync(path, { recursive: true }).some((f) => String(f).endsWith(".ts"));
  });
}

function browserTests(): string[] {
  const dir = join(PROJECT_ROOT, "test");
  return readdirSync(dir).filter((name) => /browser.*_test\.ts$/.test(name)).map((name) => `test/${name}`);
}

/** Parses deno test's summary line, e.g. `ok | 9 passed | 0 failed` or `FAILED | 2 passed (3 steps) | 1 failed`. */
export function parseTestSummary(output: string): { passed: number; failed: number } | undefined {
  const matches = [
    ...stripAnsi(output).matchAll(/(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g),
  ];
  const last = matches[matches.length - 1];
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

let scratch: string | undefined;
let reportDir: string | undefined;
let reproduceOk = false;

async function scratchDir(): Promise<string> {
  scratch ??= await Deno.makeTempDir({ prefix: "l2m-test-" });
  return scratch;
}

const STAGES: { name: string; title: string; slow?: boolean; run(): Promise<Outcome> }[] = [
  {
    name: "notebooks",
    title: "notebooks agree with their sources",
    run: async () => stageResult((await run(DENO, ["run", "-A", "scripts/notebooks.ts", "check"])).code),
  },
  {
    name: "check",
    title: "type check (deno check)",
    run: async () => {
      const dirs = existingDirs(["lib", "cli", "scripts", "bench", "test", "notebooks/src"]);
      return stageResult((await run(DENO, ["check", ...dirs])).code);
    },
  },
  {
    name: "lint",
    title: "lint and format (deno lint, deno fmt --check)",
    run: async () => {
      const lint = (await run(DENO, ["lint"])).code;
      const format = (await run(DENO, ["fmt", "--check"])).code;
      return stageResult(lint !== 0 ? lint : format);
    },
  },
  {
    name: "unit",
    title: "unit and doc tests (deno test --doc lib/ cli/ test/)",
    run: async () => {
      const args = ["test", "-A", "--doc", ...existingDirs(["lib", "cli", "test"])];
      const { code, output } = await run(DENO, args);
      const summary = parseTestSummary(output);
      if (!summary) return { passed: 0, failed: 1, note: "deno test printed no summary line" };
      if (code !== 0 && summary.failed === 0) {
        return { ...summary, failed: 1, note: `deno test exited ${code}` };
      }
      return summary;
    },
  },
  {
    name: "reproduce",
    title: "quick-scale run of all notebooks and report export",
    slow: true,
    run: async () => {
      const results = join(await scratchDir(), "results");
      const { code } = await run(DENO, [
        "run",
        "-A",
        "cli/l2m.ts",
        "reproduce",
        "--scale",
        "quick",
        "--results",
        results,
      ]);
      reportDir = join(results, "report");
      reproduceOk = code === 0 && existsSync(join(reportDir, "index.html"));
      if (code === 0 && !reproduceOk) return { passed: 0, failed: 1, note: `no ${reportDir}/index.html` };
      return stageResult(code);
    },
  },
  {
    name: "browser",
    title: "browser test of the exported report",
    slow: true,
    run: async () => {
      const dir = reportDir ?? Deno.env.get("L2M_REPORT_DIR") ?? join(PROJECT_ROOT, "results", "report");
      const tests = browserTests();
      if (tests.length === 0) return { passed: 0, failed: 1, note: "no test/*browser*_test.ts found" };
      if (!existsSync(join(dir, "index.html"))) {
        return { passed: 0, failed: 1, note: `no report at ${dir}: run stage 5 or set L2M_REPORT_DIR` };
      }
      return stageResult((await run(DENO, ["test", "-A", ...tests], { L2M_REPORT_DIR: dir })).code);
    },
  },
  {
    name: "nbconvert",
    title: "notebook 01 through Debian's jupyter nbconvert and the project kernelspec",
    slow: true,
    run: async () => {
      const jupyter = "/usr/bin/jupyter";
      if (!existsSync(jupyter)) {
        const message =
          `${jupyter} not found (apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel)`;
        if (Deno.env.get("CI") === "true") return { passed: 0, failed: 1, note: message };
        return { passed: 0, failed: 0, note: `SKIP: ${message}` };
      }
      const notebook = readdirSync(join(PROJECT_ROOT, "notebooks")).find((n) => /^01.*\.ipynb$/.test(n));
      if (!notebook) return { passed: 0, failed: 1, note: "no notebooks/01*.ipynb" };
      await installKernelSpec();
      const out = join(await scratchDir(), "nbconvert");
      const { code } = await run(jupyter, [
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.kernel_name=deno",
        "--ExecutePreprocessor.timeout=600",
        "--output-dir",
        out,
        join("notebooks", notebook),
      ], { JUPYTER_PATH: JUPYTER_DIR, L2M_SCALE: "quick", L2M_RESULTS: join(out, "results") });
      if (code !== 0) return { passed: 0, failed: 1, note: `jupyter nbconvert exited ${code}` };
      const reference = reproduceOk && scratch ? join(scratch, "results", "notebooks", notebook) : undefined;
      const problem = checkNbconvertOutputs(join(out, notebook), reference);
      return problem ? { passed: 0, failed: 1, note: problem } : { passed: 1, failed: 0 };
    },
  },
];

const { values } = parseArgs({
  args: Deno.args,
  options: { fast: { type: "boolean", default: false }, only: { type: "string" } },
  strict: true,
});
const selected = STAGES.filter((stage, i) =>
  values.only ? values.only === stage.name || values.only === String(i + 1) : !(values.fast && stage.slow)
);
if (selected.length === 0) {
  console.error(`unknown stage "${values.only}": use 1-7 or ${STAGES.map((s) => s.name).join(", ")}`);
  Deno.exit(2);
}

let passed = 0;
let failed = 0;
const lines: string[] = [];
for (const stage of selected) {
  const number = STAGES.indexOf(stage) + 1;
  console.log(`\n=== stage ${number}/${STAGES.length}: ${stage.title} ===`);
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = await stage.run();
  } catch (error) {
    outcome = { passed: 0, failed: 1, note: String(error instanceof Error ? error.stack : error) };
  }
  passed += outcome.passed;
  failed += outcome.failed;
  const verdict = outcome.failed ? "FAIL" : outcome.note?.startsWith("SKIP") ? "SKIP" : "PASS";
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const line = `${verdict} stage ${number} ${stage.name} (${seconds} s)${
    outcome.note ? `: ${outcome.note}` : ""
  }`;
  console.log(line);
  lines.push(line);
}

if (scratch && failed === 0) await Deno.remove(scratch, { recursive: true });
else if (scratch) console.log(`\ntemporary results kept for inspection: ${scratch}`);
console.log(`\n${lines.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed ? 1 : 0);

/**
 * End-to-end tests of the headless runner with real `deno jupyter` kernels: no output is lost, a failing
 * cell is named, and a runner killed mid-run leaves no kernel process and no partial result file.
 * Test notebooks are generated into temporary folders.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { NotebookError, runNotebook, runNotebooks } from "../lib/notebook/runner.ts";
import {
  isAlive,
  kernelDirPrefix,
  removeStaleKernelDirs,
  removeTempFiles,
} from "../lib/notebook/tempfiles.ts";
import { PROJECT_ROOT } from "../lib/notebook/params.ts";
import { type SourceCell, toIpynb } from "../lib/notebook/source.ts";
import type { CellOutput } from "../lib/notebook/outputs.ts";

async function writeNotebook(dir: string, name: string, codeCells: string[]): Promise<string> {
  const cells: SourceCell[] = [{ kind: "markdown", text: `# ${name}` }];
  for (const text of codeCells) cells.push({ kind: "code", text });
  const path = join(dir, `${name}.ipynb`);
  await Deno.writeTextFile(path, JSON.stringify(toIpynb(cells, name)));
  return path;
}

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

Deno.test("runner keeps every output of 200 cells", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  const code = Array.from({ length: 200 }, (_, i) =>
    `console.log("line ${i}");\n` +
    `({ [Symbol.for("Jupyter.display")]() { return { "text/plain": "value ${i}" }; } })`);
  const path = await writeNotebook(dir, "many_cells", code);
  const run = await runNotebook(path, { resultsRoot: join(dir, "results"), onProgress: () => {} });

  const executed = JSON.parse(await Deno.readTextFile(run.executedPath));
  const codeCells = executed.cells.filter((cell: { cell_type: string }) => cell.cell_type === "code");
  assert.equal(codeCells.length, 200);
  for (const [i, cell] of codeCells.entries()) {
    const outputs = cell.outputs as CellOutput[];
    assert.equal(outputs.length, 2, `cell ${i} has ${outputs.length} outputs`);
    assert.deepEqual(outputs[0], { output_type: "stream", name: "stdout", text: `line ${i}\n` });
    assert.equal(outputs[1]!.output_type, "execute_result");
    assert.deepEqual(outputs[1]!.data, { "text/plain": `value ${i}` });
    assert.equal(cell.execution_count, i + 1);
  }
  const manifest = JSON.parse(await Deno.readTextFile(join(dir, "results", "many_cells", "manifest.json")));
  assert.equal(manifest.cells.length, 200);
  assert.equal(manifest.status, "ok");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runner names notebook and failing cell", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  const path = await writeNotebook(dir, "throws", [
    "const a = 1;",
    "a + 1",
    'throw new RangeError("third cell fails")',
    'console.log("never runs")',
  ]);
  const error = await runNotebook(path, { resultsRoot: join(dir, "results"), onProgress: () => {} })
    .then(() => undefined, (e) => e);
  assert.ok(error instanceof NotebookError, `expected NotebookError, got ${error}`);
  assert.equal(error.notebook, "throws");
  assert.equal(error.cell, 4); // a markdown cell comes first
  assert.equal(error.codeCell, 3);
  assert.equal(error.ename, "RangeError");
  assert.match(
    error.message,
    /notebook throws: cell 4 \(code cell 3 of 4\) failed: RangeError: third cell fails/,
  );

  const executed = JSON.parse(await Deno.readTextFile(join(dir, "results", "notebooks", "throws.ipynb")));
  assert.equal(executed.cells[4].execution_count, null, "the cell after the failure must not run");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("reproduce exits non-zero naming cell", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  await writeNotebook(dir, "01_fine", ['console.log("fine")']);
  await writeNotebook(dir, "02_throws", ["1", "2", 'throw new RangeError("third cell fails")']);
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "cli/l2m.ts",
      "reproduce",
      "--notebooks",
      dir,
      "--results",
      join(dir, "results"),
      "--no-report",
    ],
    cwd: PROJECT_ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  const message = new TextDecoder().decode(stderr);
  assert.equal(code, 1);
  assert.match(
    message,
    /notebook 02_throws: cell 4 \(code cell 3 of 3\) failed: RangeError: third cell fails/,
  );
  assert.doesNotMatch(message, /01_fine/, "a notebook that passed must not be reported as failed");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("reproduce reports notebooks despite a failure", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  await writeNotebook(dir, "01_fine", ["1 + 1"]);
  await writeNotebook(dir, "02_throws", ['throw new RangeError("<b>bold</b> & more")']);
  const results = join(dir, "results");
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli/l2m.ts", "reproduce", "--notebooks", dir, "--results", results],
    cwd: PROJECT_ROOT,
    stdout: "null",
    stderr: "null",
  }).output();
  assert.equal(code, 1);
  assert.ok(existsSync(join(results, "report", "01_fine.html")), "no page for the notebook that passed");
  assert.ok(existsSync(join(results, "report", "02_throws.html")), "no page for the failed notebook");
  const index = await Deno.readTextFile(join(results, "report", "index.html"));
  assert.match(index, /notebook 02_throws: cell 2 \(code cell 1 of 1\) failed: RangeError/);
  assert.ok(index.includes("&lt;b&gt;bold&lt;/b&gt; &amp; more"), "failure message not escaped");
  assert.ok(!index.includes("<b>bold</b>"), "raw markup from the error reached the index");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("reproduce rejects unwritable results folder", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  await writeNotebook(dir, "01_fine", ["1"]);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli/l2m.ts", "reproduce", "--notebooks", dir, "--results", "/dev/null/x"],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert.equal(code, 2, output);
  assert.match(output, /results folder \/dev\/null\/x is not writable/);
  assert.doesNotMatch(output, /started \(kernel PID/, "a kernel started although the folder is unusable");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runner figure outputs omit plotly.js", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  const path = await writeNotebook(dir, "figures", [
    'import { figure } from "@l2m/plot/figure.ts";',
    'figure([{ type: "scatter", x: [1, 2], y: [3, 4] }])',
    'figure([{ type: "bar", x: ["a"], y: [1] }])',
  ]);
  const run = await runNotebook(path, { resultsRoot: join(dir, "results"), onProgress: () => {} });
  const executed = JSON.parse(await Deno.readTextFile(run.executedPath));
  const results = executed.cells.flatMap((cell: { outputs?: CellOutput[] }) => cell.outputs ?? [])
    .filter((output: CellOutput) => output.output_type === "execute_result");
  assert.equal(results.length, 2);
  for (const output of results) {
    const data = output.data as Record<string, unknown>;
    assert.ok(data["application/vnd.plotly.v1+json"], "figure output has no plotly JSON");
    const html = String(data["text/html"]);
    assert.ok(html.length < 10_000, `figure output's HTML is ${html.length} characters`);
  }
  const size = (await Deno.stat(run.executedPath)).size;
  assert.ok(size < 50_000, `executed notebook is ${size} bytes`);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runNotebooks keeps order and manifest fields", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  const results = join(dir, "results");
  const first = await writeNotebook(dir, "first", ["1"]);
  const second = await writeNotebook(dir, "second", ['throw new Error("second fails")']);
  await Deno.mkdir(join(results, "first"), { recursive: true });
  await Deno.writeTextFile(join(results, "first", "manifest.json"), JSON.stringify({ git_commit: "abc" }));

  const outcomes = await runNotebooks([first, second], {
    resultsRoot: results,
    jobs: 2,
    onProgress: () => {},
  });
  assert.deepEqual(outcomes.map((o) => [o.name, o.ok]), [["first", true], ["second", false]]);
  const manifest = JSON.parse(await Deno.readTextFile(join(results, "first", "manifest.json")));
  assert.equal(manifest.git_commit, "abc", "fields written by others must be kept");
  assert.deepEqual(manifest.cells.map((c: { index: number }) => c.index), [1]);
  assert.equal(typeof manifest.wall_ms, "number");
  assert.equal(manifest.status, "ok");
  const failed = JSON.parse(await Deno.readTextFile(join(results, "second", "manifest.json")));
  assert.equal(failed.status, "failed");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("summary notebook runs after the others", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  const marker = join(dir, "marker.txt");
  // 00_summary comes first in the list, but must only start once 01_slow has written its marker.
  const summary = await writeNotebook(dir, "00_summary", [
    `if (!(await Deno.stat(${
      JSON.stringify(marker)
    }).then(() => true, () => false))) throw new Error("ran early");`,
  ]);
  const slow = await writeNotebook(dir, "01_slow", [
    `await new Promise((resolve) => setTimeout(resolve, 1500)); await Deno.writeTextFile(${
      JSON.stringify(marker)
    }, "done");`,
  ]);

  const outcomes = await runNotebooks([summary, slow], {
    resultsRoot: join(dir, "results"),
    jobs: 2,
    onProgress: () => {},
  });
  assert.deepEqual(outcomes.map((o) => o.name), ["00_summary", "01_slow"], "outcomes keep the input order");
  assert.ok(outcomes[1]!.ok, "01_slow succeeds");
  assert.ok(outcomes[0]!.ok, "00_summary starts after 01_slow finished");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a running notebook's manifest does not carry the previous run's status", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  const results = join(dir, "results");
  await Deno.mkdir(join(results, "again"), { recursive: true });
  const stale = { git_commit: "abc", status: "ok", finished_at: "2000-01-01T00:00:00.000Z", wall_ms: 5 };
  await Deno.writeTextFile(join(results, "again", "manifest.json"), JSON.stringify(stale));
  const path = await writeNotebook(dir, "again", [
    'const m = JSON.parse(Deno.readTextFileSync(`${Deno.env.get("L2M_RESULTS")}/again/manifest.json`));\n' +
    "console.log(`seen ${m.status} ${m.finished_at}`);",
  ]);
  const run = await runNotebook(path, { resultsRoot: results, onProgress: () => {} });
  const executed = JSON.parse(await Deno.readTextFile(run.executedPath));
  const printed = JSON.stringify(executed.cells[1].outputs);
  assert.match(printed, /seen running null/);
  const manifest = JSON.parse(await Deno.readTextFile(join(results, "again", "manifest.json")));
  assert.equal(manifest.status, "ok");
  assert.equal(manifest.git_commit, "abc");
  assert.notEqual(manifest.finished_at, stale.finished_at);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runner cell timeout stops notebook", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  const path = await writeNotebook(dir, "slow", ["await new Promise((r) => setTimeout(r, 30_000));"]);
  const started = Date.now();
  const error = await runNotebook(path, {
    resultsRoot: join(dir, "results"),
    cellTimeoutMs: 1000,
    onProgress: () => {},
  }).then(() => undefined, (e) => e);
  assert.ok(error instanceof NotebookError);
  assert.equal(error.ename, "Timeout");
  assert.ok(Date.now() - started < 20_000, "the timeout did not stop the cell");
  await Deno.remove(dir, { recursive: true });
});

/** Starts `l2m reproduce` on a notebook that keeps rewriting a results file; resolves with its kernel PID. */
async function startBusyRunner(dir: string) {
  await writeNotebook(dir, "busy", [
    // Writing and syncing 32 MiB keeps a temporary file on disk most of the time.
    `import { writeFileAtomic } from "@l2m/util/atomic.ts";\n` +
    `const bytes = new Uint8Array(32 << 20);\n` +
    `for (;;) await writeFileAtomic(Deno.env.get("L2M_RESULTS") + "/busy/rows.bin", bytes);`,
  ]);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli/l2m.ts", "reproduce", "--notebooks", dir, "--results", join(dir, "results")],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  let kernelPid = 0;
  while (!kernelPid) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`runner exited before starting a kernel: ${text}`);
    text += value;
    kernelPid = Number(/kernel PID (\d+)/.exec(text)?.[1] ?? 0);
  }
  reader.releaseLock();
  child.stdout.cancel().catch(() => {});
  // Let the cell write rows.bin a few times, so the kill likely lands in the middle of a write.
  const rows = join(dir, "results", "busy", "rows.bin");
  for (let i = 0; i < 100 && !existsSync(rows); i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 300));
  return { child, kernelPid };
}

function assertNoPartialFiles(resultsDir: string) {
  for (const file of filesUnder(resultsDir)) {
    assert.doesNotMatch(file, /\.tmp-\d+-/, `partial file left behind: ${file}`);
    if (file.endsWith(".json") || file.endsWith(".ipynb")) {
      assert.doesNotThrow(() => JSON.parse(readFileSync(file, "utf8")), `truncated JSON: ${file}`);
    }
  }
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`runner killed by ${signal} leaves nothing`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
    const { child, kernelPid } = await startBusyRunner(dir);
    assert.ok(isAlive(kernelPid), "the kernel should run before the kill");
    // The kernel's command line ends with --conn <folder>/kernel.json; the folder holds the HMAC key.
    const cmdline = Deno.readTextFileSync(`/proc/${kernelPid}/cmdline`).split("\0");
    const connFile = cmdline[cmdline.indexOf("--conn") + 1]!;
    assert.ok(existsSync(connFile), `no connection file ${connFile}`);
    child.kill(signal);
    const status = await child.status;
    await child.stderr.cancel();
    assert.notEqual(status.code, 0);
    assert.equal(isAlive(kernelPid), false, `kernel ${kernelPid} survived ${signal} of the runner`);
    assert.equal(existsSync(connFile), false, `connection file ${connFile} survived ${signal}`);
    assertNoPartialFiles(join(dir, "results"));
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("runner killed by SIGKILL leaves no kernel", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  const { child, kernelPid } = await startBusyRunner(dir);
  const cmdline = Deno.readTextFileSync(`/proc/${kernelPid}/cmdline`).split("\0");
  const connDir = dirname(cmdline[cmdline.indexOf("--conn") + 1]!);
  assert.ok(
    basename(connDir).startsWith(kernelDirPrefix(child.pid)),
    `connection folder ${connDir} is not named after runner ${child.pid}`,
  );
  child.kill("SIGKILL");
  await child.status;
  await child.stderr.cancel();
  // setpriv --pdeathsig delivers SIGKILL to the kernel when the runner dies; allow it a moment.
  for (let i = 0; i < 50 && isAlive(kernelPid); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(isAlive(kernelPid), false, `kernel ${kernelPid} survived SIGKILL of the runner`);
  // A SIGKILLed process cannot clean up; the next run removes temporary files of dead writers.
  const removed = removeTempFiles(join(dir, "results"));
  assert.ok(existsSync(connDir), "expected the SIGKILLed runner to leave its connection folder");
  assert.ok(removeStaleKernelDirs().includes(connDir), `stale ${connDir} was not removed`);
  assert.equal(existsSync(connDir), false);
  console.log(`temporary files left by the SIGKILLed run and removed: ${removed.length}`);
  assertNoPartialFiles(join(dir, "results"));
  await Deno.remove(dir, { recursive: true });
});

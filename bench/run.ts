/**
 * `deno task bench [FILTER]`: runs every `bench/*_bench.ts` (those whose name contains FILTER) as its
 * own `deno run -A` process, one after another, prints the Markdown each one writes to stdout and saves
 * it atomically to `results/bench/<topic>.md`. Exits with status 1 if any benchmark failed.
 */
import { join } from "node:path";
import { readdirSync } from "node:fs";
import { writeFileAtomic } from "../lib/util/atomic.ts";
import { PROJECT_ROOT } from "../lib/notebook/params.ts";

const filter = Deno.args[0] ?? "";
const benchDir = join(PROJECT_ROOT, "bench");
const outDir = join(Deno.env.get("L2M_RESULTS") ?? join(PROJECT_ROOT, "results"), "bench");
const scripts = readdirSync(benchDir).filter((name) => name.endsWith("_bench.ts") && name.includes(filter))
  .sort();
if (scripts.length === 0) {
  console.error(`no bench/*_bench.ts matches "${filter}"`);
  Deno.exit(1);
}

const failed: string[] = [];
for (const script of scripts) {
  const topic = script.replace(/_bench\.ts$/, "");
  console.log(`\n## ${topic}\n`);
  const started = performance.now();
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join("bench", script)],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const markdown = new TextDecoder().decode(stdout);
  console.log(markdown);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (code !== 0) {
    failed.push(script);
    console.error(`bench/${script} exited with status ${code} after ${seconds} s; nothing saved`);
    continue;
  }
  const path = join(outDir, `${topic}.md`);
  await writeFileAtomic(path, `# ${topic}\n\n${markdown.trimEnd()}\n`);
  console.log(`(${seconds} s; saved ${path})`);
}
if (failed.length) {
  console.error(`\n${failed.length} of ${scripts.length} benchmark(s) failed: ${failed.join(", ")}`);
  Deno.exit(1);
}

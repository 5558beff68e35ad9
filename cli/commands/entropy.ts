/**
 * `l2m entropy`: entropy of a sample given as counts, one per line, with every estimator's standard error.
 * @module
 */
import { parseArgs } from "node:util";
import type { Command } from "../command.ts";
import { emitCsv, toCsv } from "../csv.ts";
import { InputError } from "../../lib/util/errors.ts";
import { entropy, type EstimatorName, ESTIMATORS, parseEstimator } from "../../lib/info/entropy.ts";

const HELP = `usage: deno task l2m entropy --counts FILE [options]

Estimates the entropy of the distribution behind a sample from its counts: FILE has one non-negative
integer count per line (blank lines and lines starting with # are ignored; "-" reads stdin). Writes CSV
with columns estimator, entropy, se, unit, total, support (total = sample size N, support = symbols with a
non-zero count). Values are in nats unless --bits is given.

options:
  --counts FILE        file of counts, one per line (required)
  --estimator NAME     plugin, miller-madow, grassberger, chao-shen, or all; default: grassberger
  --bits               report bits instead of nats
  --out FILE           write the CSV to FILE (atomically) instead of stdout

standard errors: delta method √((Σ p̂ ln²p̂ − Ĥ²)/N) for plugin and miller-madow, the same form with
Grassberger's G(n) for grassberger, and a plug-in-style approximation for chao-shen.

example:
  deno task l2m entropy --counts counts.txt --estimator all`;

/** Parses a counts file: one non-negative integer per line; errors name the line. */
export function parseCounts(text: string, source: string): Float64Array {
  const counts: number[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const n = Number(line);
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new InputError(`${source}:${i + 1}: "${line}" is not a non-negative integer count`);
    }
    counts.push(n);
  });
  if (counts.length === 0) throw new InputError(`${source} contains no counts`);
  return Float64Array.from(counts);
}

async function readInput(path: string): Promise<string> {
  if (path === "-") return await new Response(Deno.stdin.readable).text();
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(`counts file not found: ${path}`);
    throw error;
  }
}

export const entropyCommand: Command = {
  name: "entropy",
  summary: "entropy of a sample from its counts (nats), with standard errors",
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        counts: { type: "string" },
        estimator: { type: "string", default: "grassberger" },
        bits: { type: "boolean", default: false },
        out: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.counts) throw new InputError("missing --counts FILE (one count per line)");
    const names: EstimatorName[] = values.estimator === "all"
      ? [...ESTIMATORS]
      : [parseEstimator(values.estimator)];
    const counts = parseCounts(await readInput(values.counts), values.counts);
    const rows = names.map((name) => {
      const h = entropy(counts, name, { bits: values.bits });
      return [h.estimator, h.value, h.se, h.unit, h.total, h.support];
    });
    await emitCsv(toCsv(["estimator", "entropy", "se", "unit", "total", "support"], rows), values.out);
    return 0;
  },
};

/**
 * Checks a notebook executed by `jupyter nbconvert --execute`. Debian 12's nbclient (0.7.2) stops reading
 * a cell's outputs at `status: idle`, and the Deno 2.9 kernel sometimes publishes idle before the
 * outputs, so a few percent of outputs go missing at random. The check therefore requires that every
 * code cell ran and that no output is an error. It also requires outputs in at least half of the cells
 * that have outputs in the headless runner's copy of the same notebook, or in one cell without a copy.
 */
import { readFileSync } from "node:fs";
import type { Ipynb } from "../lib/notebook/source.ts";

function codeCells(path: string) {
  const notebook = JSON.parse(readFileSync(path, "utf8")) as Ipynb;
  return notebook.cells.filter((cell) => cell.cell_type === "code");
}

/** Returns a description of what is wrong with the executed notebook at `path`, or undefined if it passes. */
export function checkNbconvertOutputs(path: string, referencePath?: string): string | undefined {
  const cells = codeCells(path);
  const sourceOf = (cell: { source: string | string[] }) =>
    Array.isArray(cell.source) ? cell.source.join("") : cell.source;
  const notRun = cells.findIndex((cell) => sourceOf(cell).trim() !== "" && cell.execution_count == null);
  if (notRun >= 0) return `code cell ${notRun + 1} of ${path} has no execution count`;

  const errors = cells.flatMap((cell) => (cell.outputs ?? []).filter((o) => o.output_type === "error"));
  if (errors.length) return `${path} contains ${errors.length} error output(s): ${JSON.stringify(errors[0])}`;

  const withOutput = cells.map((cell) => (cell.outputs ?? []).length > 0);
  const kept = withOutput.filter(Boolean).length;
  if (!referencePath) {
    return kept > 0 ? undefined : `no code cell of ${path} has an output`;
  }
  const expected = codeCells(referencePath).map((cell) => (cell.outputs ?? []).length > 0);
  const expectedCount = expected.filter(Boolean).length;
  const keptOfExpected = expected.filter((has, i) => has && withOutput[i]).length;
  console.log(`nbconvert kept outputs in ${keptOfExpected} of the ${expectedCount} cells that have outputs`);
  if (keptOfExpected < Math.max(1, Math.ceil(expectedCount / 2))) {
    return `only ${keptOfExpected} of ${expectedCount} cells with outputs kept them in ${path}`;
  }
  return undefined;
}

import assert from "node:assert/strict";
import { join } from "node:path";
import { checkNbconvertOutputs } from "../scripts/nbconvert_check.ts";

type Output = Record<string, unknown>;
const stream = (text: string): Output => ({ output_type: "stream", name: "stdout", text });

async function notebookFile(dir: string, name: string, cells: { count: number | null; outputs: Output[] }[]) {
  const path = join(dir, name);
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((cell) => ({
      cell_type: "code",
      metadata: {},
      source: "x",
      execution_count: cell.count,
      outputs: cell.outputs,
    })),
  };
  await Deno.writeTextFile(path, JSON.stringify(notebook));
  return path;
}

Deno.test("nbconvert check accepts a few lost outputs", async () => {
  const dir = await Deno.makeTempDir();
  const reference = await notebookFile(
    dir,
    "ref.ipynb",
    [1, 2, 3, 4].map((n) => ({ count: n, outputs: [stream("a")] })),
  );
  const executed = await notebookFile(dir, "run.ipynb", [
    { count: 1, outputs: [stream("a")] },
    { count: 2, outputs: [] },
    { count: 3, outputs: [stream("a")] },
    { count: 4, outputs: [stream("a")] },
  ]);
  assert.equal(checkNbconvertOutputs(executed, reference), undefined);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("nbconvert check rejects missing outputs", async () => {
  const dir = await Deno.makeTempDir();
  const reference = await notebookFile(
    dir,
    "ref.ipynb",
    [1, 2, 3, 4].map((n) => ({ count: n, outputs: [stream("a")] })),
  );
  const executed = await notebookFile(dir, "run.ipynb", [1, 2, 3, 4].map((n) => ({ count: n, outputs: [] })));
  assert.match(checkNbconvertOutputs(executed, reference) ?? "", /only 0 of 4 cells/);
  assert.match(checkNbconvertOutputs(executed) ?? "", /no code cell .* has an output/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("nbconvert check rejects errors and unrun cells", async () => {
  const dir = await Deno.makeTempDir();
  const error = { output_type: "error", ename: "TypeError", evalue: "x", traceback: [] };
  const failed = await notebookFile(dir, "error.ipynb", [{ count: 1, outputs: [error] }]);
  assert.match(checkNbconvertOutputs(failed) ?? "", /1 error output/);
  const unrun = await notebookFile(dir, "unrun.ipynb", [{ count: 1, outputs: [stream("a")] }, {
    count: null,
    outputs: [],
  }]);
  assert.match(checkNbconvertOutputs(unrun) ?? "", /code cell 2 .* no execution count/);
  await Deno.remove(dir, { recursive: true });
});

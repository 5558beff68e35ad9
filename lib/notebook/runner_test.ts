import assert from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../util/errors.ts";
import { NotebookError, notebookName, runNotebook, runNotebooks } from "./runner.ts";

Deno.test("notebookName drops folder and extension", () => {
  assert.equal(notebookName("/a/b/01_long_context_cost.ipynb"), "01_long_context_cost");
  assert.equal(notebookName("plain"), "plain");
});

Deno.test("NotebookError message names notebook and cell", () => {
  const error = new NotebookError("03_x", 7, 4, 9, "TypeError", "x is not a function", [
    "\x1b[31mTypeError\x1b[0m: x is not a function",
    "    at <anonymous>:2:1",
  ]);
  assert.match(
    error.message,
    /^notebook 03_x: cell 7 \(code cell 4 of 9\) failed: TypeError: x is not a function\n/,
  );
  assert.match(error.message, /at <anonymous>:2:1/);
  assert.ok(!error.message.includes("\x1b["), "ANSI colour codes must be stripped");
});

Deno.test("runNotebook rejects unreadable notebooks", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-runner-" });
  await assert.rejects(runNotebook(join(dir, "missing.ipynb")), InputError);
  await Deno.writeTextFile(join(dir, "broken.ipynb"), "{ not json");
  await assert.rejects(runNotebook(join(dir, "broken.ipynb")), /invalid notebook .*broken\.ipynb/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runNotebooks rejects invalid job count", async () => {
  await assert.rejects(runNotebooks([], { jobs: 0 }), /invalid job count 0/);
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { Kernel, KernelStreamError, KernelTimeoutError } from "./kernel.ts";
import { isAlive } from "./tempfiles.ts";
import { PROJECT_ROOT } from "./params.ts";

const cwd = join(PROJECT_ROOT, "notebooks");

Deno.test("kernel executes cells and reports errors", async () => {
  const kernel = await Kernel.start({ cwd, env: { L2M_TEST_VALUE: "42" } });
  try {
    const ok = await kernel.execute('console.log("a"); console.error("b"); Deno.env.get("L2M_TEST_VALUE")');
    assert.equal(ok.status, "ok");
    assert.equal(ok.executionCount, 1);
    assert.deepEqual(ok.outputs.map((o) => o.output_type), ["stream", "stream", "execute_result"]);
    assert.deepEqual(ok.outputs[0], { output_type: "stream", name: "stdout", text: "a\n" });
    assert.deepEqual(ok.outputs[1], { output_type: "stream", name: "stderr", text: "b\n" });
    assert.deepEqual(ok.outputs[2]!.data, { "text/plain": '"42"' });

    const failed = await kernel.execute('throw new TypeError("no such value")');
    assert.equal(failed.status, "error");
    assert.equal(failed.error?.ename, "TypeError");
    assert.equal(failed.error?.evalue, "no such value");

    const deps = await kernel.execute(
      'import { parseScale } from "@l2m/notebook/params.ts";\nparseScale("quick")',
    );
    assert.equal(deps.status, "ok", "the project's import map must apply in the kernel");
  } finally {
    await kernel.shutdown();
  }
  assert.equal(isAlive(kernel.pid), false);
});

Deno.test("kernel updates displays in earlier cells", async () => {
  const kernel = await Kernel.start({ cwd });
  try {
    const first = await kernel.execute(
      'await Deno.jupyter.display({ "text/plain": "0%" }, { raw: true, display_id: "progress" });',
    );
    assert.deepEqual(first.outputs[0]!.data, { "text/plain": "0%" });
    await kernel.execute(
      'await Deno.jupyter.display({ "text/plain": "100%" }, { raw: true, update: true, display_id: "progress" });',
    );
    assert.deepEqual(first.outputs[0]!.data, { "text/plain": "100%" });
  } finally {
    await kernel.shutdown();
  }
});

Deno.test("kernel execute times out", async () => {
  const kernel = await Kernel.start({ cwd });
  try {
    await assert.rejects(
      kernel.execute("await new Promise((r) => setTimeout(r, 20_000));", { timeoutMs: 300 }),
      KernelTimeoutError,
    );
  } finally {
    await kernel.shutdown();
  }
  assert.equal(isAlive(kernel.pid), false);
});

Deno.test("kernel keeps stdout published after idle", async () => {
  const kernel = await Kernel.start({ cwd });
  try {
    // The kernel publishes idle before much of this output; the stdout barrier must collect all of it.
    const result = await kernel.execute('for (let i = 0; i < 20000; i++) console.log("line " + i);');
    const lines = result.outputs.map((output) => String(output.text)).join("").split("\n").filter(Boolean);
    assert.equal(lines.length, 20000);
    assert.equal(lines[0], "line 0");
    assert.equal(lines[19999], "line 19999");
    assert.equal(lines.filter((line, i) => line !== `line ${i}`).length, 0, "lines out of order");

    const next = await kernel.execute('console.log("next cell")');
    assert.deepEqual(next.outputs, [{ output_type: "stream", name: "stdout", text: "next cell\n" }]);
  } finally {
    await kernel.shutdown();
  }
});

Deno.test("kernel barrier survives replaced console.log", async () => {
  const kernel = await Kernel.start({ cwd });
  try {
    const replaced = await kernel.execute("console.log = () => {}; 1", { timeoutMs: 20_000 });
    assert.equal(replaced.status, "ok");
    assert.equal(replaced.executionCount, 1);
    const next = await kernel.execute('console.info("still printed")', { timeoutMs: 20_000 });
    assert.deepEqual(next.outputs, [{ output_type: "stream", name: "stdout", text: "still printed\n" }]);
    assert.equal(next.executionCount, 2, "barrier cells must not advance the execution count");
  } finally {
    await kernel.shutdown();
  }
});

Deno.test("kernel fails a cell at once after an undecodable IOPub message", async () => {
  const kernel = await Kernel.start({ cwd });
  try {
    // What readIopub does when a frame fails its HMAC check (deno jupyter can interleave the bytes of a
    // multi-MB output with the next message): the cell must fail now, not at its timeout.
    (kernel as unknown as { iopubCorrupted: PromiseWithResolvers<string> }).iopubCorrupted
      .resolve(`kernel ${kernel.pid}: an IOPub message was corrupted`);
    const started = Date.now();
    await assert.rejects(
      () => kernel.execute("await new Promise((r) => setTimeout(r, 5000))", { timeoutMs: 60_000 }),
      (e) => e instanceof KernelStreamError && /IOPub message was corrupted.*fresh kernel/.test(e.message),
    );
    assert.ok(Date.now() - started < 4000, "the cell waited instead of failing at once");
  } finally {
    await kernel.shutdown();
  }
});

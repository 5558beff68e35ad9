import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { kernelDirPrefix, removeStaleKernelDirs, removeTempFiles } from "./tempfiles.ts";

/** Above Linux's maximum pid_max (2^22), so no process has this id. */
const DEAD_PID = 999_999_999;

Deno.test("stale kernel folders of dead runners go", async () => {
  const root = await Deno.makeTempDir({ prefix: "l2m-tmp-" });
  const dead = join(root, `${kernelDirPrefix(DEAD_PID)}a1b2c3`);
  const live = join(root, `${kernelDirPrefix()}d4e5f6`);
  const unnamed = join(root, "l2m-kernel-0123abcd");
  const other = join(root, `other-${DEAD_PID}-abc`);
  for (const dir of [dead, live, unnamed, other]) {
    await Deno.mkdir(dir);
    await Deno.writeTextFile(join(dir, "kernel.json"), "{}");
  }
  const file = join(root, `${kernelDirPrefix(DEAD_PID)}file`);
  await Deno.writeTextFile(file, "not a folder");

  assert.deepEqual(removeStaleKernelDirs(root), [dead]);
  assert.equal(existsSync(dead), false);
  assert.ok(existsSync(live), "the folder of a running process was removed");
  assert.ok(existsSync(unnamed), "a folder without a PID was removed");
  assert.ok(existsSync(other));
  assert.ok(existsSync(file), "a plain file was removed");
  await Deno.remove(root, { recursive: true });
});

Deno.test("stale kernel folders: missing root", () => {
  assert.deepEqual(removeStaleKernelDirs("/nonexistent/l2m-tmp"), []);
});

Deno.test("temp files of dead writers go", async () => {
  const root = await Deno.makeTempDir({ prefix: "l2m-tmp-" });
  const dead = join(root, `a.json.tmp-${DEAD_PID}-abcd1234`);
  const live = join(root, `b.json.tmp-${Deno.pid}-abcd1234`);
  await Deno.writeTextFile(dead, "{");
  await Deno.writeTextFile(live, "{");
  assert.deepEqual(removeTempFiles(root), [dead]);
  assert.ok(existsSync(live));
  await Deno.remove(root, { recursive: true });
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../../lib/util/errors.ts";
import { reproduce, selectNotebooks } from "./reproduce.ts";

async function folderWith(names: string[]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "l2m-reproduce-" });
  for (const name of names) await Deno.writeTextFile(join(dir, name), "{}");
  return dir;
}

Deno.test("selectNotebooks sorts and filters by prefix", async () => {
  const dir = await folderWith(["03_c.ipynb", "01_a.ipynb", "02_b.ipynb", "notes.txt"]);
  assert.deepEqual(selectNotebooks(dir, []), ["01_a", "02_b", "03_c"].map((n) => join(dir, `${n}.ipynb`)));
  assert.deepEqual(selectNotebooks(dir, ["03", "01"]), [join(dir, "01_a.ipynb"), join(dir, "03_c.ipynb")]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("selectNotebooks rejects unmatched prefix", async () => {
  const dir = await folderWith(["01_a.ipynb"]);
  assert.throws(() => selectNotebooks(dir, ["07"]), (error: Error) => {
    assert.ok(error instanceof InputError);
    assert.match(error.message, /no notebooks matching 07/);
    assert.match(error.message, /01_a\.ipynb/);
    return true;
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("reproduce rejects invalid options", async () => {
  await assert.rejects(reproduce.run(["--scale", "huge"]), /invalid scale "huge"/);
  await assert.rejects(reproduce.run(["--jobs", "0"]), /invalid --jobs "0"/);
  await assert.rejects(reproduce.run(["--jobs", "1.5"]), /invalid --jobs "1.5": use a positive integer/);
  await assert.rejects(reproduce.run(["--cell-timeout=-5"]), /invalid --cell-timeout "-5"/);
  await assert.rejects(reproduce.run(["--figures", "gif"]), /invalid --figures "gif"/);
  await assert.rejects(reproduce.run(["--seed", "x"]), /invalid seed "x"/);
  await assert.rejects(
    reproduce.run(["--cell-timeout", "1e12"]),
    /invalid --cell-timeout "1e12": use at most/,
  );
  await assert.rejects(reproduce.run(["--only", ""]), /--only "" names no notebook/);
  await assert.rejects(reproduce.run(["--only", " , "]), /names no notebook/);
});

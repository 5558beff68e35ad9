import assert from "node:assert/strict";
import { join } from "node:path";
import { InputError } from "../../lib/util/errors.ts";
import { datasetsCommand } from "./datasets.ts";
import { entropyCommand, parseCounts } from "./entropy.ts";
import { parseDistances, tpmiCommand } from "./tpmi.ts";

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split("\n");
  const keys = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [keys[i]!, v])));
}

Deno.test("entropy command writes CSV", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "counts.txt"), "# four equal counts\n5\n5\n\n5\n5\n");
  const out = join(dir, "h.csv");
  assert.equal(
    await entropyCommand.run([
      "--counts",
      join(dir, "counts.txt"),
      "--estimator",
      "all",
      "--bits",
      "--out",
      out,
    ]),
    0,
  );
  const rows = parseCsv(await Deno.readTextFile(out));
  assert.deepEqual(rows.map((r) => r.estimator), ["plugin", "miller-madow", "grassberger", "chao-shen"]);
  assert.equal(Number(rows[0]!.entropy), 2);
  assert.equal(rows[0]!.unit, "bits");
  assert.equal(rows[0]!.total, "20");
});

Deno.test("entropy command input errors", async () => {
  assert.throws(() => parseCounts("3\n2.5\n", "c.txt"), /c\.txt:2: "2\.5" is not a non-negative integer/);
  assert.throws(() => parseCounts("\n# none\n", "c.txt"), /contains no counts/);
  await assert.rejects(entropyCommand.run(["--counts", "/nonexistent/c.txt"]), /counts file not found/);
  await assert.rejects(entropyCommand.run(["--counts", "x", "--estimator", "naive"]), InputError);
});

Deno.test("tpmi command on a folder corpus", async () => {
  const dir = await Deno.makeTempDir();
  const text = "the whale and the sea and the ship. ".repeat(300);
  await Deno.writeTextFile(join(dir, "a.txt"), text);
  await Deno.writeTextFile(join(dir, "b.txt"), text.toUpperCase());
  const out = join(dir, "tpmi.csv");
  const code = await tpmiCommand.run([
    "--input",
    `folder:${dir}`,
    "--tokenizer",
    "bytes",
    "--distances",
    "1,2,4,8,16",
    "--max-tokens",
    "15000",
    "--out",
    out,
  ]);
  assert.equal(code, 0);
  const rows = parseCsv(await Deno.readTextFile(out));
  assert.deepEqual(rows.map((r) => r.d), ["1", "2", "4", "8", "16"]);
  for (const r of rows) {
    assert.ok(Number(r.mi) > 0 && Number(r.se) > 0, `d=${r.d}`);
    assert.ok(Number(r.mi_corrected) <= Number(r.mi), `d=${r.d}`);
  }
  assert.equal(Number(rows[0]!.pairs), 15000 - 2, "two documents, --max-tokens 15000");
});

Deno.test("tpmi command argument errors", async () => {
  assert.throws(() => parseDistances("1,x"), /"x" is not a positive integer/);
  assert.throws(() => parseDistances(" , "), /empty/);
  assert.throws(() => parseDistances("1,2,1"), /lists 1 twice/);
  assert.deepEqual(parseDistances("8,1,4"), [1, 4, 8]);
  await assert.rejects(tpmiCommand.run(["--tokenizer", "bytes"]), /missing --input/);
  await assert.rejects(
    tpmiCommand.run(["--input", "moby-dick", "--tokenizer", "bytes", "--marginals", "x"]),
    /--marginals "x"/,
  );
});

Deno.test("tpmi command rejects too few pairs", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "short.txt"), "abcdef");
  const args = ["--input", join(dir, "short.txt"), "--tokenizer", "bytes", "--distances", "1,5"];
  await assert.rejects(
    tpmiCommand.run(args),
    (e: Error) =>
      e instanceof InputError &&
      /distance 5 has 1 token pair\(s\), fewer than the minimum 30/.test(e.message),
  );
  await assert.rejects(tpmiCommand.run([...args, "--min-pairs", "0"]), /--min-pairs "0"/);
  const out = join(dir, "tpmi.csv");
  assert.equal(await tpmiCommand.run([...args, "--min-pairs", "1", "--out", out]), 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("datasets command errors", async () => {
  await assert.rejects(datasetsCommand.run(["fetch"]), /unknown datasets action "fetch"/);
  await assert.rejects(datasetsCommand.run(["install"]), /needs a dataset name/);
  await assert.rejects(datasetsCommand.run(["install", "pg19"]), /cannot be downloaded/);
  await assert.rejects(
    datasetsCommand.run(["info", "nope"]),
    /unknown dataset "nope"; catalogue names: moby-dick/,
  );
});

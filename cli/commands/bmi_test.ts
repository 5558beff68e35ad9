import assert from "node:assert/strict";
import { bmiCommand, parseLengths } from "./bmi.ts";
import { serveScorerCommand } from "./serve_scorer.ts";
import { trainCommand } from "./train.ts";
import { Rng } from "../../lib/util/prng.ts";
import { NgramLanguageModel } from "../../lib/info/ngram_lm.ts";
import { startScorerServer } from "../../lib/info/scorer_server.ts";

const WORDS = ["whale", "sea", "ship", "captain", "harpoon", "storm", "deck", "sail", "oil", "crew", "night"];

/** A folder of 10 text files of seeded random sentences. */
async function corpusFolder(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "l2m-bmi-test-" });
  const rng = new Rng(1);
  for (let d = 0; d < 10; d++) {
    const sentences: string[] = [];
    for (let s = 0; s < 60; s++) {
      const words = Array.from({ length: 4 + rng.int(8) }, () => WORDS[rng.int(WORDS.length)]!);
      sentences.push(words[0]!.replace(/^./, (c) => c.toUpperCase()) + " " + words.slice(1).join(" ") + ".");
    }
    await Deno.writeTextFile(`${dir}/doc${d}.txt`, sentences.join(" "));
  }
  return dir;
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trim().split("\n");
  const keys = header!.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [keys[i]!, v])));
}

Deno.test("bmi command writes CSV for ngram", async () => {
  const dir = await corpusFolder();
  try {
    const out = `${dir}/bmi.csv`;
    const code = await bmiCommand.run([
      "--input",
      dir,
      "--tokenizer",
      "bytes",
      "--scorer",
      "ngram:3",
      "--lengths",
      "8,16,32",
      "--eval-fraction",
      "0.3",
      "--out",
      out,
    ]);
    assert.equal(code, 0);
    const rows = parseCsv(await Deno.readTextFile(out));
    assert.deepEqual(rows.map((r) => r.L), ["8", "16", "32"]);
    assert.deepEqual(rows.map((r) => r.ell), ["4", "8", "16"]);
    for (const r of rows) {
      assert.equal(r.estimator, "direct");
      assert.ok(Number.isFinite(Number(r.bmi)) && Number(r.se) > 0 && Number(r.n) >= 2, JSON.stringify(r));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bmi command scores through an http server", async () => {
  const dir = await corpusFolder();
  const training = Int32Array.from(new TextEncoder().encode("The whale sea ship crew night. ".repeat(50)));
  const scorer = new NgramLanguageModel(256, { order: 3 }).train([training]);
  const server = await startScorerServer({ scorer, model: "bytes-ngram", log: () => {} });
  try {
    const out = `${dir}/vclub.csv`;
    const code = await bmiCommand.run([
      "--input",
      dir,
      "--tokenizer",
      "bytes",
      "--scorer",
      `http:${server.url}`,
      "--bos",
      "256",
      "--lengths",
      "8,16",
      "--ratio",
      "4",
      "--estimator",
      "vclub",
      "--out",
      out,
    ]);
    assert.equal(code, 0);
    const rows = parseCsv(await Deno.readTextFile(out));
    assert.deepEqual(rows.map((r) => [r.L, r.ell, r.estimator]), [["8", "2", "vclub"], ["16", "4", "vclub"]]);
    assert.ok(server.requests > 0);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bmi command rejects bad options", async () => {
  await assert.rejects(() => bmiCommand.run(["--lengths", "8"]), /missing --input/);
  await assert.rejects(() => bmiCommand.run(["--input", "x", "--lengths", "8,a"]), /--lengths must be/);
  await assert.rejects(
    () => bmiCommand.run(["--input", "x", "--lengths", "8", "--estimator", "mine"]),
    /invalid --estimator "mine"/,
  );
  await assert.rejects(
    () => bmiCommand.run(["--input", "/nonexistent/corpus", "--lengths", "8"]),
    /nonexistent/,
  );
  await assert.rejects(
    () => bmiCommand.run(["--input", "x", "--lengths", "8", "--vclub-swap", "z"]),
    /invalid --vclub-swap "z"/,
  );
  await assert.rejects(() => serveScorerCommand.run(["--scorer", "ngram"]), /missing --corpus/);
});

Deno.test("bmi command checks lengths, ratio, batch and scorer before loading the corpus", async () => {
  // "/nonexistent/corpus" would fail to load: each option error must come first.
  const run = (...extra: string[]) =>
    bmiCommand.run(["--input", "/nonexistent/corpus", "--lengths", "8", ...extra]);
  await assert.rejects(() => run("--lengths", "8,16,8"), /lists 8 twice/);
  await assert.rejects(() => run("--ratio", "1"), /invalid --ratio 1/);
  await assert.rejects(() => run("--ratio", "0"), /invalid --ratio 0/);
  await assert.rejects(() => run("--batch", "0"), /--batch must be at least 1/);
  await assert.rejects(() => run("--timeout", "0"), /--timeout must be a positive number/);
  await assert.rejects(() => run("--scorer", "foo"), /unknown --scorer "foo": use ngram\[:ORDER\]/);
  await assert.rejects(() => run("--scorer", "ngram:0"), /invalid n-gram order/);
  await assert.rejects(() => run("--scorer", "http:http://127.0.0.1:9"), /--bos is required/);
  assert.deepEqual(parseLengths("64,16,32"), [16, 32, 64]);
});

Deno.test("bmi rejects other-vocabulary model", async () => {
  const dir = await corpusFolder();
  const other = await Deno.makeTempDir({ prefix: "l2m-bmi-other-" });
  try {
    // The chars tokenizer takes its vocabulary from the corpus, so a corpus with other letters differs.
    for (let d = 0; d < 10; d++) {
      await Deno.writeTextFile(`${other}/doc${d}.txt`, `${d}0123456789 `.repeat(300));
    }
    const ck = `${dir}/ck`;
    const train = [
      "--data",
      "text",
      "--corpus",
      dir,
      "--tokenizer",
      "chars",
      "--model",
      "gpt-micro",
      "--length",
      "32",
      "--steps",
      "1",
      "--batch",
      "2",
      "--eval-windows",
      "2",
      "--backend",
      "wasm",
      "--checkpoint",
      ck,
    ];
    assert.equal(await trainCommand.run(train), 0);
    const bmi = (input: string) =>
      bmiCommand.run([
        "--input",
        input,
        "--tokenizer",
        "chars",
        "--scorer",
        `model:${ck}`,
        "--lengths",
        "8,16",
        "--samples",
        "4",
        "--out",
        `${dir}/bmi.csv`,
      ]);
    assert.equal(await bmi(dir), 0);
    await assert.rejects(() => bmi(other), /was trained on other token ids: expected tokenizer chars/);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(other, { recursive: true });
  }
});

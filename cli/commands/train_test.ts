import assert from "node:assert/strict";
import { trainCommand } from "./train.ts";

Deno.test("train --data text on a file writes position-wise NLL", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/t.txt`,
    "Call me Ishmael. Some years ago, never mind how long precisely. ".repeat(20),
  );
  const code = await trainCommand.run([
    "--data",
    "text",
    "--text",
    `${dir}/t.txt`,
    "--model",
    "gpt-micro",
    "--length",
    "32",
    "--steps",
    "2",
    "--batch",
    "2",
    "--backend",
    "wasm",
    "--out",
    `${dir}/r.json`,
  ]);
  assert.equal(code, 0);
  const r = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
  assert.equal(r.nllPerPosition.length, 32);
  assert.equal(r.losses.length, 2);
  assert.ok(r.nllAvg > 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train rejects --checkpoint-every without --checkpoint", async () => {
  await assert.rejects(
    () => trainCommand.run(["--model", "gpt-micro", "--checkpoint-every", "5", "--backend", "cpu"]),
    (error: Error) => {
      assert.equal(error.name, "InputError");
      assert.match(error.message, /--checkpoint-every 5 needs --checkpoint DIR/);
      return true;
    },
  );
});

Deno.test("train rejects a Gaussian length that is not a power of 4", async () => {
  await assert.rejects(
    () => trainCommand.run(["--model", "gpt-micro", "--length", "100", "--backend", "cpu"]),
    /not a power of 4/,
  );
});

Deno.test("train rejects an unknown --position-init", async () => {
  await assert.rejects(
    () => trainCommand.run(["--model", "gpt-micro", "--position-init", "binary", "--backend", "cpu"]),
    /invalid --position-init "binary": use normal, sinusoidal, dyadic/,
  );
});

Deno.test("train --text rejects a file that is not UTF-8, naming the byte offset", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = new TextEncoder().encode("Call me Ishmael. ".repeat(20));
    bytes[5] = 0xff;
    await Deno.writeFile(`${dir}/latin.txt`, bytes);
    await assert.rejects(
      () =>
        trainCommand.run([
          "--data",
          "text",
          "--text",
          `${dir}/latin.txt`,
          "--model",
          "gpt-micro",
          "--backend",
          "cpu",
        ]),
      /latin\.txt: invalid UTF-8 at byte offset 5 \(byte 0xff\)/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train shape overrides reach the model", async () => {
  const dir = await Deno.makeTempDir();
  const code = await trainCommand.run([
    ...["--model", "gpt-micro", "--length", "16", "--copies", "2", "--steps", "1", "--batch", "1"],
    ...["--layers", "1", "--hidden", "8", "--heads", "2", "--backend", "cpu", "--out", `${dir}/r.json`],
  ]);
  assert.equal(code, 0);
  const r = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
  assert.equal(r.layers, 1);
  assert.equal(r.hidden, 8);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train rejects non-dividing --heads", async () => {
  await assert.rejects(
    () => trainCommand.run(["--model", "gpt-micro", "--length", "16", "--heads", "5", "--backend", "cpu"]),
    /hidden 16 is not divisible by heads 5/,
  );
});

Deno.test("train rejects flags of other kind", async () => {
  await assert.rejects(
    () => trainCommand.run(["--model", "ssm-micro", "--length", "16", "--heads", "2", "--backend", "cpu"]),
    /--heads applies only to Transformers, but ssm-micro is an SSM: use --state-size/,
  );
  await assert.rejects(
    () =>
      trainCommand.run(["--model", "gpt-micro", "--length", "16", "--state-size", "2", "--backend", "cpu"]),
    /--state-size applies only to SSMs, but gpt-micro is a Transformer: use --heads/,
  );
});

Deno.test("train rejects other data flags", async () => {
  await assert.rejects(
    () => trainCommand.run(["--model", "gpt-micro", "--tokenizer", "gpt2", "--backend", "cpu"]),
    /--tokenizer applies only to text data, but --data is gaussian/,
  );
  await assert.rejects(
    () =>
      trainCommand.run(["--data", "text", "--corpus", "moby-dick", "--model", "gpt-micro", "--family", "2"]),
    /--family applies only to Gaussian data, but --data is text/,
  );
});

Deno.test("train rejects --corpus together with --text", async () => {
  await assert.rejects(
    () =>
      trainCommand.run([
        "--data",
        "text",
        "--corpus",
        "moby-dick",
        "--text",
        "a.txt",
        "--model",
        "gpt-micro",
      ]),
    /give --corpus moby-dick or --text a\.txt, not both/,
  );
});

Deno.test("train checks the checkpoint folder before training", async () => {
  const dir = await Deno.makeTempDir();
  const base = ["--model", "ssm-micro", "--length", "16", "--copies", "2", "--steps", "2", "--batch", "2"];
  await Deno.writeTextFile(`${dir}/file`, "");
  await assert.rejects(
    () => trainCommand.run([...base, "--checkpoint", `${dir}/file`, "--backend", "wasm"]),
    /--checkpoint .*file is a file; give a folder/,
  );
  assert.equal(await trainCommand.run([...base, "--checkpoint", `${dir}/ck`, "--backend", "wasm"]), 0);
  await assert.rejects(
    () => trainCommand.run([...base, "--checkpoint", `${dir}/ck`, "--backend", "wasm"]),
    /already contains a checkpoint at step 2; add --resume to continue it/,
  );
  await Deno.remove(dir, { recursive: true });
});

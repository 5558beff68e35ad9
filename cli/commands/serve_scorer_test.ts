import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { HttpScorer } from "../../lib/info/http_scorer.ts";
import { serveScorerCommand } from "./serve_scorer.ts";

const CLI = fileURLToPath(new URL("../l2m.ts", import.meta.url));

Deno.test("serve-scorer process serves, retries and stops", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-serve-test-" });
  await Deno.writeTextFile(`${dir}/a.txt`, "Call me Ishmael. Some years ago I went to sea. ".repeat(40));
  await Deno.writeTextFile(`${dir}/b.txt`, "The whale rose. The crew watched the whale. ".repeat(40));
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      CLI,
      "serve-scorer",
      "--corpus",
      dir,
      "--tokenizer",
      "bytes",
      "--scorer",
      "ngram:3",
      "--port",
      "0",
      "--fail-first",
      "1",
      "--model",
      "test-ngram",
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const readLine = async (pattern: RegExp): Promise<string> => {
    for (;;) {
      const found = buffer.split("\n").find((l) => pattern.test(l));
      if (found) return found;
      const { value, done } = await reader.read();
      if (done) throw new Error(`server exited before printing ${pattern}: ${buffer}`);
      buffer += value;
    }
  };
  try {
    const started = await readLine(/serving test-ngram \(BOS 256\) at (http:\/\/127\.0\.0\.1:\d+)/);
    const url = started.match(/(http:\/\/127\.0\.0\.1:\d+)/)![1]!;
    const client = new HttpScorer({ url, bosTokenId: 256, backoffSeconds: 0.01, log: (l) => lines.push(l) });
    const [row] = await client.score([Int32Array.from(new TextEncoder().encode("The whale"))]);
    assert.equal(row!.length, 9);
    assert.ok(row!.every((v) => v < 0 && Number.isFinite(v)));
    assert.equal(lines.length, 1, "the injected 503 caused one retry");
    await readLine(/→ 503/);
    child.kill("SIGTERM");
    await readLine(/stopped http:\/\/127\.0\.0\.1/);
    assert.equal((await child.status).code, 0);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    await reader.cancel().catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve-scorer checks its options before loading the corpus", async () => {
  // "/nonexistent/corpus" would fail to load: each option error must come first.
  const run = (...extra: string[]) =>
    serveScorerCommand.run(["--corpus", "/nonexistent/corpus", "--tokenizer", "bytes", ...extra]);
  await assert.rejects(() => run("--port", "70000"), /--port must be at most 65535/);
  await assert.rejects(
    () => run("--scorer", "foo"),
    /unknown --scorer "foo": use ngram\[:ORDER\] or model:PATH/,
  );
  await assert.rejects(() => run("--fail-status", "200"), /--fail-status must be an HTTP error status/);
});

Deno.test("serve-scorer names a port that is in use", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const dir = await Deno.makeTempDir({ prefix: "l2m-serve-test-" });
  try {
    await Deno.writeTextFile(`${dir}/a.txt`, "a small corpus of text. ".repeat(20));
    const port = String((listener.addr as Deno.NetAddr).port);
    await assert.rejects(
      () => serveScorerCommand.run(["--corpus", dir, "--tokenizer", "bytes", "--port", port]),
      new RegExp(`port ${port} on 127.0.0.1 is in use`),
    );
  } finally {
    listener.close();
    await Deno.remove(dir, { recursive: true });
  }
});

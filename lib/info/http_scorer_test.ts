import assert from "node:assert/strict";
import { completionsUrl, HttpScorer, HttpScorerError, parseCompletionLogprobs } from "./http_scorer.ts";
import { type ScorerServerFault, startScorerServer } from "./scorer_server.ts";
import { NgramLanguageModel } from "./ngram_lm.ts";
import { Rng } from "../util/prng.ts";
import { InputError } from "../util/errors.ts";

const VOCAB = 30;

function trainedModel(): NgramLanguageModel {
  const rng = new Rng(1);
  const train = Int32Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? rng.int(VOCAB) : (i * 3) % VOCAB));
  return new NgramLanguageModel(VOCAB, { order: 3 }).train([train]);
}

function sequences(n: number, len: number, seed: number): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Int32Array.from({ length: len }, () => rng.int(VOCAB)));
}

async function withServer(
  options: { fault?: (n: number) => ScorerServerFault | undefined; apiKey?: string },
  body: (url: string, lines: string[]) => Promise<void>,
): Promise<void> {
  const lines: string[] = [];
  const server = await startScorerServer({
    scorer: trainedModel(),
    model: "ngram-test",
    log: (l) => lines.push(l),
    ...options,
  });
  try {
    await body(server.url, lines);
  } finally {
    await server.close();
  }
}

Deno.test("completionsUrl accepts base and full URLs", () => {
  assert.equal(completionsUrl("http://127.0.0.1:8000").endpoint, "http://127.0.0.1:8000/v1/completions");
  assert.equal(completionsUrl("http://h:1/v1/").endpoint, "http://h:1/v1/completions");
  assert.equal(completionsUrl("http://h:1/x/v1/completions").base, "http://h:1/x");
  assert.throws(() => completionsUrl("ftp://h"), /only http and https/);
  assert.throws(() => completionsUrl("not a url"), /invalid scorer URL "not a url"/);
});

Deno.test("http scores equal local scores", async () => {
  const local = trainedModel();
  const seqs = [...sequences(5, 40, 2), Int32Array.of(3)];
  const expected = await local.score(seqs);
  for (const promptLogprobs of [false, true]) {
    await withServer({}, async (url) => {
      const client = new HttpScorer({ url, bosTokenId: VOCAB, batchSize: 2, promptLogprobs, log: () => {} });
      const got = await client.score(seqs);
      assert.equal(got.length, seqs.length);
      got.forEach((row, i) =>
        assert.deepEqual(row, expected[i], `sequence ${i}, promptLogprobs ${promptLogprobs}`)
      );
    });
  }
});

Deno.test("a BOS id that differs from the server's is rejected", async () => {
  await withServer({}, async (url) => {
    const client = new HttpScorer({ url, bosTokenId: 3, log: () => {} });
    await assert.rejects(
      () => client.score(sequences(1, 5, 2)),
      (e) =>
        e instanceof HttpScorerError && /BOS token id 3 differs from the 30 .*pass --bos 30/.test(e.message),
    );
  });
});

Deno.test("server without BOS uses token 0 as context", async () => {
  await withServer({}, async (url) => {
    const response = await fetch(`${url}/v1/completions`, {
      method: "POST",
      body: JSON.stringify({ prompt: [1, 2, 3], echo: true, max_tokens: 0, logprobs: 0 }),
    });
    const body = await response.json();
    const lps = body.choices[0].logprobs.token_logprobs;
    const [local] = await trainedModel().score([Int32Array.of(1, 2, 3)]);
    assert.deepEqual(lps, [null, local![1], local![2]]);
  });
});

Deno.test("client retries 503 then succeeds", async () => {
  await withServer({ fault: (n) => (n <= 2 ? { status: 503 } : undefined) }, async (url, serverLines) => {
    const log: string[] = [];
    const client = new HttpScorer({
      url,
      model: "ngram-test",
      bosTokenId: VOCAB,
      backoffSeconds: 0.01,
      log: (l) => log.push(l),
    });
    const [row] = await client.score([Int32Array.of(1, 2, 3)]);
    assert.equal(row!.length, 3);
    assert.equal(log.length, 2);
    assert.match(log[0]!, /HTTP 503 .* injected fault 503; retry 1\/4/);
    assert.ok(serverLines.some((l) => /→ 503/.test(l)));
  });
});

Deno.test("client gives up after retries with status and body", async () => {
  await withServer({ fault: () => ({ status: 500 }) }, async (url) => {
    const client = new HttpScorer({
      url,
      model: "ngram-test",
      bosTokenId: VOCAB,
      maxRetries: 2,
      backoffSeconds: 0.01,
      log: () => {},
    });
    await assert.rejects(() => client.score([Int32Array.of(1)]), (e: Error) => {
      assert.ok(e instanceof HttpScorerError);
      assert.equal((e as HttpScorerError).status, 500);
      assert.match(
        e.message,
        /HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/v1\/completions .*injected fault 500.*gave up after 3 attempts/,
      );
      return true;
    });
  });
});

Deno.test("client times out with URL and seconds", async () => {
  await withServer({ fault: () => ({ delayMs: 400 }) }, async (url) => {
    const client = new HttpScorer({
      url,
      model: "ngram-test",
      bosTokenId: VOCAB,
      timeoutSeconds: 0.1,
      maxRetries: 1,
      backoffSeconds: 0.01,
      log: () => {},
    });
    await assert.rejects(
      () => client.score([Int32Array.of(1)]),
      /timed out after 0.1 s .*gave up after 2 attempts/,
    );
  });
});

Deno.test("client does not retry 404", async () => {
  await withServer({}, async (url) => {
    const log: string[] = [];
    const client = new HttpScorer({ url, model: "other", bosTokenId: VOCAB, log: (l) => log.push(l) });
    await assert.rejects(() => client.score([Int32Array.of(1)]), /HTTP 404 .*model "other" not found/);
    assert.equal(log.length, 0);
  });
});

Deno.test("api key is sent but never logged", async () => {
  const key = "sk-test-secret-1234567890";
  await withServer(
    { apiKey: key, fault: (n) => (n === 1 ? { status: 503 } : undefined) },
    async (url, serverLines) => {
      const log: string[] = [];
      const client = new HttpScorer({
        url,
        bosTokenId: VOCAB,
        apiKey: key,
        backoffSeconds: 0.01,
        log: (l) => log.push(l),
      });
      await client.score([Int32Array.of(1, 2)]);
      assert.ok(log.length > 0);
      const noKey = new HttpScorer({
        url,
        model: "ngram-test",
        bosTokenId: VOCAB,
        apiKey: "wrong",
        log: (l) => log.push(l),
      });
      let message = "";
      await noKey.score([Int32Array.of(1)]).catch((e: Error) => (message = e.message));
      assert.match(message, /HTTP 401/);
      for (const line of [...log, ...serverLines, message, client.name]) assert.ok(!line.includes(key), line);
    },
  );
});

Deno.test("api key comes from L2M_API_KEY", async () => {
  await withServer({ apiKey: "env-secret" }, async (url) => {
    Deno.env.set("L2M_API_KEY", "env-secret");
    try {
      const client = new HttpScorer({ url, bosTokenId: VOCAB, log: () => {} });
      assert.equal((await client.score([Int32Array.of(4, 5)])).length, 1);
    } finally {
      Deno.env.delete("L2M_API_KEY");
    }
  });
});

Deno.test("malformed responses are named", () => {
  const prompts = [[30, 1, 2]];
  assert.throws(
    () => parseCompletionLogprobs({}, prompts, "u"),
    /malformed response from u: no choices array/,
  );
  assert.throws(() => parseCompletionLogprobs({ choices: [] }, prompts, "u"), /0 choices for 1 prompts/);
  assert.throws(
    () =>
      parseCompletionLogprobs(
        { choices: [{ index: 0, logprobs: { token_logprobs: [null, -1] } }] },
        prompts,
        "u",
      ),
    /token_logprobs has 2 entries, need ≥ 3; is echo supported/,
  );
  assert.throws(
    () =>
      parseCompletionLogprobs(
        { choices: [{ index: 0, logprobs: { token_logprobs: [null, "x", -1] } }] },
        prompts,
        "u",
      ),
    /token_logprobs\[1\] is "x"/,
  );
  assert.throws(
    () =>
      parseCompletionLogprobs(
        { choices: [{ index: 0, prompt_logprobs: [null, { "9": { logprob: -1 } }, null] }] },
        prompts,
        "u",
      ),
    /prompt_logprobs\[1\] lacks token id 1/,
  );
  const ok = parseCompletionLogprobs(
    { choices: [{ index: 0, logprobs: { token_logprobs: [null, -1, -2, -3] } }] },
    prompts,
    "u",
  );
  assert.deepEqual(ok, [Float64Array.of(-1, -2)]);
});

Deno.test("vLLM-shaped responses parse", () => {
  // Two prompts; choices out of order; a generated token after each echoed prompt; vLLM's
  // prompt_logprobs entries carry the prompt token plus top-k alternatives keyed by id.
  const prompts = [[128000, 791, 3290], [128000, 40]];
  const response = {
    id: "cmpl-1",
    object: "text_completion",
    choices: [
      {
        index: 1,
        text: "<|begin_of_text|>I am",
        logprobs: { tokens: ["<|begin_of_text|>", "I", " am"], token_logprobs: [null, -4.5, -1.25] },
        prompt_logprobs: [null, {
          "40": { logprob: -4.5, rank: 12, decoded_token: "I" },
          "791": { logprob: -2, rank: 1 },
        }],
        finish_reason: "length",
      },
      {
        index: 0,
        text: "<|begin_of_text|>The cat.",
        logprobs: {
          tokens: ["<|begin_of_text|>", "The", " cat", "."],
          token_logprobs: [null, -2.5, -8.0, -0.5],
        },
        finish_reason: "length",
      },
    ],
  };
  const rows = parseCompletionLogprobs(response, prompts, "u");
  assert.deepEqual(rows[0], Float64Array.of(-2.5, -8.0));
  assert.deepEqual(rows[1], Float64Array.of(-4.5));
});

Deno.test("server rejects bad requests", async () => {
  await withServer({}, async (url) => {
    const post = (body: unknown) =>
      fetch(`${url}/v1/completions`, {
        method: "POST",
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const cases: [unknown, number, RegExp][] = [
      ["{", 400, /not valid JSON/],
      [{ prompt: "hello", echo: true }, 400, /array of token ids/],
      [{ prompt: [1, 99], echo: true }, 400, /token id 99 is outside \[0, 30\)/],
      [{ prompt: [1, 2], echo: false }, 400, /only echo: true/],
      ["null", 400, /request body must be a JSON object, got null/],
      [{ prompt: [], echo: true }, 400, /prompt is empty/],
    ];
    for (const [body, status, pattern] of cases) {
      const response = await post(body);
      assert.equal(response.status, status);
      assert.match((await response.json()).error.message, pattern);
    }
    const missing = await fetch(`${url}/v2/x`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  });
});

Deno.test("server maps scorer input errors to 400", async () => {
  const scorer = {
    name: "short",
    vocabSize: VOCAB,
    score: (): Promise<Float64Array[]> =>
      Promise.reject(new InputError("sequence of 9 tokens exceeds 4 positions")),
  };
  const server = await startScorerServer({ scorer, model: "short", log: () => {} });
  try {
    const response = await fetch(`${server.url}/v1/completions`, {
      method: "POST",
      body: JSON.stringify({ prompt: [1, 2, 3], echo: true }),
    });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error.message, /exceeds 4 positions/);
  } finally {
    await server.close();
  }
});

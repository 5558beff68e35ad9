/**
 * `l2m serve-scorer`: serves a project scorer under the vLLM-compatible completions API until
 * interrupted (Ctrl-C or SIGTERM).
 * @module
 */
import { parseArgs } from "node:util";
import type { Command } from "../command.ts";
import { InputError } from "../../lib/util/errors.ts";
import { loadCorpus } from "../../lib/data/catalog.ts";
import { getTokenizer } from "../../lib/tokenize/mod.ts";
import { NgramLanguageModel } from "../../lib/info/ngram_lm.ts";
import { startScorerServer } from "../../lib/info/scorer_server.ts";
import type { Scorer } from "../../lib/info/scorer.ts";
import { createCliScorer } from "../scorers.ts";

const HELP =
  `usage: deno task l2m serve-scorer --scorer ngram[:ORDER] --corpus NAME --tokenizer NAME [options]

Serves a scorer at http://HOST:PORT/v1/completions (token-id prompts, echo: true) and
GET /v1/models, the subset of the vLLM/OpenAI API that "l2m bmi --scorer http:URL" uses.
Prints the URL, the model name and the BOS id to stderr, then serves until Ctrl-C.

  --scorer SPEC        ngram[:ORDER] (adaptive Kneser–Ney trained on --corpus, order 4) or
                       model:PATH (a text checkpoint folder from "l2m train --data text")      [ngram]
  --corpus SPEC        ngram: training corpus (catalogue name or path, as for l2m bmi)
  --tokenizer NAME     ngram: tokenizer (bytes, chars, words, gpt2, cl100k, o200k, hf:PATH)   [gpt2]
  --host HOST          interface to bind; anything but 127.0.0.1/localhost exposes the server [127.0.0.1]
  --port N             port; 0 picks a free one                                               [8000]
  --model NAME         served model name                                       [the scorer's name]
  --api-key-env VAR    require "Authorization: Bearer $VAR" on every request
  --fail-first N       fault injection: answer the first N completions requests with --fail-status
  --fail-status S      status for injected faults                                             [503]
  --delay-ms N         fault injection: delay every completions request by N ms                [0]

example:
  deno task l2m serve-scorer --scorer ngram:4 --corpus moby-dick --tokenizer gpt2 --port 8000`;

function nonNegativeInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InputError(`--${name} must be a non-negative integer, got "${value}"`);
  }
  return n;
}

export const serveScorerCommand: Command = {
  name: "serve-scorer",
  summary: "serve a project scorer under the vLLM-compatible /v1/completions API on 127.0.0.1",
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        scorer: { type: "string", default: "ngram" },
        corpus: { type: "string" },
        tokenizer: { type: "string", default: "gpt2" },
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string" },
        model: { type: "string" },
        "api-key-env": { type: "string" },
        "fail-first": { type: "string" },
        "fail-status": { type: "string" },
        "delay-ms": { type: "string" },
      },
    });
    const spec = values.scorer;
    // Options are checked before the corpus is loaded and the n-gram model trained, which take minutes.
    if (!(spec === "ngram" || spec.startsWith("ngram:") || (spec.startsWith("model:") && spec.length > 6))) {
      throw new InputError(`unknown --scorer "${spec}": use ngram[:ORDER] or model:PATH`);
    }
    const failFirst = nonNegativeInt("fail-first", values["fail-first"], 0);
    const failStatus = nonNegativeInt("fail-status", values["fail-status"], 503);
    if (failStatus < 400 || failStatus > 599) {
      throw new InputError(`--fail-status must be an HTTP error status from 400 to 599, got "${failStatus}"`);
    }
    const delayMs = nonNegativeInt("delay-ms", values["delay-ms"], 0);
    const port = nonNegativeInt("port", values.port, 8000);
    if (port > 65535) throw new InputError(`--port must be at most 65535, got "${values.port}"`);
    let scorer: Scorer;
    if (spec === "ngram" || spec.startsWith("ngram:")) {
      if (!values.corpus) {
        throw new InputError("missing --corpus: the n-gram scorer trains on it, e.g. --corpus moby-dick");
      }
      const order = spec === "ngram" ? 4 : Number(spec.slice(6));
      const corpus = await loadCorpus(values.corpus);
      const tokenizer = await getTokenizer(values.tokenizer, {
        corpus: values.tokenizer === "words" || values.tokenizer === "chars"
          ? corpus.documents.map((d) => d.text)
          : undefined,
      });
      scorer = new NgramLanguageModel(tokenizer.vocabSize, { order, label: corpus.name })
        .train(corpus.documents.map((d) => tokenizer.encode(d.text)));
    } else {
      scorer = await createCliScorer(spec);
    }
    let apiKey: string | undefined;
    if (values["api-key-env"]) {
      apiKey = Deno.env.get(values["api-key-env"]);
      if (!apiKey) {
        throw new InputError(`--api-key-env ${values["api-key-env"]}: that environment variable is not set`);
      }
    }
    const server = await startScorerServer({
      scorer,
      model: values.model,
      hostname: values.host,
      port,
      apiKey,
      fault: failFirst || delayMs
        ? (n) => ({ status: n <= failFirst ? failStatus : undefined, delayMs })
        : undefined,
    }).catch((error) => {
      if (error instanceof Deno.errors.AddrInUse) {
        throw new InputError(
          `port ${port} on ${values.host} is in use: pass another --port, or 0 for a free one`,
        );
      }
      throw error;
    });
    const { promise: stopped, resolve } = Promise.withResolvers<void>();
    const stop = () => resolve();
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
    await stopped;
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
    await server.close();
    return 0;
  },
};

/**
 * A {@link Scorer} backed by a vLLM-compatible `/v1/completions` endpoint, so a model served on a GPU
 * cluster (or the project's own `serve-scorer`) scores token sequences.
 *
 * Request (one per batch of sequences), token ids sent as the prompt:
 *
 * ```json
 * {"model": "…", "prompt": [[BOS, t0, t1, …], …], "max_tokens": 1, "echo": true, "logprobs": 0,
 *  "temperature": 0}
 * ```
 *
 * `max_tokens` is 1 because several vLLM releases reject or crash on `max_tokens: 0` with `echo`; the one
 * generated token is ignored. Add `"prompt_logprobs": 0` (vLLM's extension) with `promptLogprobs: true`.
 *
 * Response shapes parsed, per choice (matched to the prompt by `choices[k].index`):
 *
 * 1. vLLM's `choices[k].prompt_logprobs`: `[null, {"<id>": {"logprob": …}}, …]`, one entry per prompt
 *    token; the entry keyed by the prompt token's id is used. Preferred when present.
 * 2. OpenAI legacy echo: `choices[k].logprobs.token_logprobs`: `[null, lp1, …, lp_{n−1}, (generated…)]`;
 *    the first `n` entries belong to the prompt.
 *
 * The first prompt token never gets a log-probability, so every sequence is sent with `bosTokenId`
 * prepended and `out[t]` is the log-probability of prompt token `t + 1`, i.e. `ln q(x_t | BOS, x_<t)`.
 *
 * Reliability: 429, 5xx, network errors and timeouts are retried with exponential backoff (honouring a
 * `Retry-After` header in seconds); other 4xx fail at once. The API key comes from `apiKey`, or else
 * the environment variable `L2M_API_KEY`, or else `OPENAI_API_KEY`, and is sent as `Authorization:
 * Bearer …`; it never appears in logs or error messages.
 * @module
 */
import { InputError } from "../util/errors.ts";
import { type ScoreOptions, type Scorer, validateScores, validateSequences } from "./scorer.ts";

/** A failed request to a scoring server: timeout, HTTP error after retries, or a malformed response. */
export class HttpScorerError extends InputError {
  override name = "HttpScorerError";
  /** HTTP status of the last attempt, when one was received. */
  status?: number;
}

/** Options of {@link HttpScorer}. */
export interface HttpScorerOptions {
  /** Base URL (`http://host:port`) or the full `…/v1/completions` URL. */
  url: string;
  /** Served model name sent as `model`. When omitted, the first id from `GET /v1/models` is used. */
  model?: string;
  /** Token prepended to every sequence so its first token gets a log-probability (the model's BOS id). */
  bosTokenId: number;
  /** Vocabulary size, when known, for input validation. */
  vocabSize?: number;
  /** Sequences per request; default 16. */
  batchSize?: number;
  /** Requests in flight at once; default 2. */
  concurrency?: number;
  /** Per-attempt timeout in seconds; default 120. */
  timeoutSeconds?: number;
  /** Retries after the first attempt; default 4. */
  maxRetries?: number;
  /** First backoff delay in seconds, doubled per retry (with ±25% jitter) up to 30 s; default 0.5. */
  backoffSeconds?: number;
  /** Also request vLLM's `prompt_logprobs: 0`; default false (plain OpenAI echo). */
  promptLogprobs?: boolean;
  /** API key; default from `L2M_API_KEY`, then `OPENAI_API_KEY`. */
  apiKey?: string;
  /** Receives one line per retry and per failure; default `console.error`. */
  log?: (line: string) => void;
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}

/** Returns the completions endpoint and the server base for a user-supplied URL. */
export function completionsUrl(url: string): { endpoint: string; base: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`invalid scorer URL "${url}": use e.g. http://127.0.0.1:8000`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new InputError(`invalid scorer URL "${url}": only http and https are supported`);
  }
  const path = parsed.pathname.replace(/\/+$/, "");
  const basePath = path.endsWith("/v1/completions")
    ? path.slice(0, -"/v1/completions".length)
    : path.endsWith("/v1")
    ? path.slice(0, -3)
    : path;
  const base = `${parsed.origin}${basePath}`;
  return { endpoint: `${base}/v1/completions`, base };
}

/** Scores token sequences through a remote `/v1/completions` endpoint. */
export class HttpScorer implements Scorer {
  readonly name: string;
  readonly vocabSize?: number;
  readonly endpoint: string;
  readonly #base: string;
  readonly #options: Required<Omit<HttpScorerOptions, "model" | "vocabSize" | "apiKey">>;
  readonly #apiKey?: string;
  #model?: string;
  #requestCounter = 0;

  /** Creates a client; nothing is sent until the first `score` call. */
  constructor(options: HttpScorerOptions) {
    const { endpoint, base } = completionsUrl(options.url);
    this.endpoint = endpoint;
    this.#base = base;
    if (!Number.isInteger(options.bosTokenId) || options.bosTokenId < 0) {
      throw new InputError(`invalid BOS token id ${options.bosTokenId}: pass the served model's BOS id`);
    }
    this.#options = {
      url: options.url,
      bosTokenId: options.bosTokenId,
      batchSize: options.batchSize ?? 16,
      concurrency: options.concurrency ?? 2,
      timeoutSeconds: options.timeoutSeconds ?? 120,
      maxRetries: options.maxRetries ?? 4,
      backoffSeconds: options.backoffSeconds ?? 0.5,
      promptLogprobs: options.promptLogprobs ?? false,
      log: options.log ?? ((line) => console.error(line)),
    };
    for (const [key, min] of [["batchSize", 1], ["concurrency", 1], ["maxRetries", 0]] as const) {
      const v = this.#options[key];
      if (!Number.isInteger(v) || v < min) {
        throw new InputError(`invalid ${key} ${v}: use an integer ≥ ${min}`);
      }
    }
    if (!(this.#options.timeoutSeconds > 0)) {
      throw new InputError(`invalid timeout ${this.#options.timeoutSeconds} s: use a positive number`);
    }
    this.#apiKey = options.apiKey ?? readEnv("L2M_API_KEY") ?? readEnv("OPENAI_API_KEY");
    this.#model = options.model;
    this.vocabSize = options.vocabSize;
    this.name = `http:${endpoint}${options.model ? `(${options.model})` : ""}`;
  }

  #headers(requestId: string): Headers {
    const headers = new Headers({ "content-type": "application/json", "x-request-id": requestId });
    if (this.#apiKey) headers.set("authorization", `Bearer ${this.#apiKey}`);
    return headers;
  }

  /** Sends one request with retries; returns the parsed JSON body. */
  async #request(url: string, init: RequestInit, signal?: AbortSignal): Promise<unknown> {
    const requestId = `l2m-${Deno.pid}-${++this.#requestCounter}`;
    const { maxRetries, timeoutSeconds, backoffSeconds, log } = this.#options;
    for (let attempt = 0;; attempt++) {
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let failure: string;
      let status: number | undefined;
      let retryAfter: number | undefined;
      try {
        const response = await fetch(url, { ...init, headers: this.#headers(requestId), signal: combined });
        status = response.status;
        const text = await response.text();
        if (response.ok) {
          try {
            return JSON.parse(text);
          } catch {
            throw this.#error(
              `malformed response from ${url} (request ${requestId}): not JSON: ${excerpt(text)}`,
            );
          }
        }
        failure = `HTTP ${status} from ${url} (request ${requestId}): ${errorMessage(text)}`;
        if (status !== 429 && status < 500) throw this.#error(failure, status);
        const header = response.headers.get("retry-after");
        if (header && Number.isFinite(Number(header))) retryAfter = Number(header);
      } catch (error) {
        if (error instanceof HttpScorerError) throw error;
        if (signal?.aborted) throw signal.reason;
        if (timeout.aborted) {
          failure = `request ${requestId} to ${url} timed out after ${timeoutSeconds} s`;
        } else {
          failure = `network error on request ${requestId} to ${url}: ${(error as Error).message}`;
        }
      }
      if (attempt >= maxRetries) {
        throw this.#error(`${failure} (gave up after ${attempt + 1} attempts)`, status);
      }
      const delay = retryAfter ??
        Math.min(30, backoffSeconds * 2 ** attempt) * (0.75 + 0.5 * Math.random());
      log(`http scorer: ${failure}; retry ${attempt + 1}/${maxRetries} in ${delay.toFixed(2)} s`);
      await sleep(delay * 1000, signal);
    }
  }

  #error(message: string, status?: number): HttpScorerError {
    const error = new HttpScorerError(message);
    error.status = status;
    return error;
  }

  /** Returns the served model name, asking `GET /v1/models` once when none was configured. */
  async model(signal?: AbortSignal): Promise<string> {
    if (this.#model) return this.#model;
    const url = `${this.#base}/v1/models`;
    const body = await this.#request(url, { method: "GET" }, signal) as {
      data?: { id?: unknown; bos_token_id?: unknown }[];
    };
    const id = body?.data?.[0]?.id;
    if (typeof id !== "string") throw this.#error(`malformed response from ${url}: no data[0].id`);
    // `l2m serve-scorer` advertises its BOS id (vLLM does not): a different id here would silently
    // score every sequence after an ordinary token.
    const served = body.data?.[0]?.bos_token_id;
    if (typeof served === "number" && served !== this.#options.bosTokenId) {
      throw this.#error(
        `BOS token id ${this.#options.bosTokenId} differs from the ${served} that ${url} reports for ` +
          `"${id}": pass --bos ${served}`,
      );
    }
    this.#model = id;
    return id;
  }

  /** Scores sequences in batches of `batchSize`, with up to `concurrency` requests in flight. */
  async score(sequences: readonly Int32Array[], options: ScoreOptions = {}): Promise<Float64Array[]> {
    validateSequences(sequences, this.vocabSize);
    const model = await this.model(options.signal);
    const { batchSize, concurrency } = this.#options;
    const batches: number[] = [];
    for (let i = 0; i < sequences.length; i += batchSize) batches.push(i);
    const out: Float64Array[] = new Array(sequences.length);
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const start = batches[next++]!;
        const batch = sequences.slice(start, start + batchSize);
        const scores = await this.#scoreBatch(model, batch, options.signal);
        scores.forEach((row, k) => (out[start + k] = row));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
    return validateScores(sequences, out, this.name);
  }

  async #scoreBatch(model: string, batch: Int32Array[], signal?: AbortSignal): Promise<Float64Array[]> {
    const bos = this.#options.bosTokenId;
    const prompts = batch.map((seq) => [bos, ...seq]);
    const body: Record<string, unknown> = {
      model,
      prompt: prompts,
      max_tokens: 1,
      echo: true,
      logprobs: 0,
      temperature: 0,
    };
    if (this.#options.promptLogprobs) body.prompt_logprobs = 0;
    const response = await this.#request(
      this.endpoint,
      { method: "POST", body: JSON.stringify(body) },
      signal,
    );
    return parseCompletionLogprobs(response, prompts, this.endpoint);
  }
}

/**
 * Extracts per-prompt-token log-probabilities (positions 1 … n−1 of each prompt) from a completions
 * response; throws an `HttpScorerError` describing what is missing. Exported for tests.
 */
export function parseCompletionLogprobs(response: unknown, prompts: number[][], url: string): Float64Array[] {
  const bad = (what: string) => new HttpScorerError(`malformed response from ${url}: ${what}`);
  const choices = (response as { choices?: unknown })?.choices;
  if (!Array.isArray(choices)) throw bad("no choices array");
  if (choices.length !== prompts.length) throw bad(`${choices.length} choices for ${prompts.length} prompts`);
  const out: Float64Array[] = new Array(prompts.length);
  choices.forEach((choice, position) => {
    const c = choice as {
      index?: unknown;
      prompt_logprobs?: unknown;
      logprobs?: { token_logprobs?: unknown } | null;
    };
    const index = typeof c.index === "number" ? c.index : position;
    const prompt = prompts[index];
    if (!prompt || out[index]) throw bad(`choice index ${c.index} is out of range or repeated`);
    const n = prompt.length;
    const row = new Float64Array(n - 1);
    if (Array.isArray(c.prompt_logprobs)) {
      if (c.prompt_logprobs.length < n) {
        throw bad(`choice ${index}: prompt_logprobs has ${c.prompt_logprobs.length} entries, need ${n}`);
      }
      for (let t = 1; t < n; t++) {
        const entry = (c.prompt_logprobs[t] as Record<string, { logprob?: unknown }> | null)
          ?.[String(prompt[t])];
        const lp = entry?.logprob;
        if (typeof lp !== "number") {
          throw bad(`choice ${index}: prompt_logprobs[${t}] lacks token id ${prompt[t]}`);
        }
        row[t - 1] = lp;
      }
    } else if (Array.isArray(c.logprobs?.token_logprobs)) {
      const lps = c.logprobs.token_logprobs as unknown[];
      if (lps.length < n) {
        throw bad(
          `choice ${index}: token_logprobs has ${lps.length} entries, need ≥ ${n}; is echo supported?`,
        );
      }
      for (let t = 1; t < n; t++) {
        const lp = lps[t];
        if (typeof lp !== "number") {
          throw bad(`choice ${index}: token_logprobs[${t}] is ${JSON.stringify(lp)}`);
        }
        row[t - 1] = lp;
      }
    } else {
      throw bad(`choice ${index} has neither prompt_logprobs nor logprobs.token_logprobs`);
    }
    out[index] = row;
  });
  return out;
}

/** Returns an OpenAI-style error body's `error.message`, or an excerpt of the raw body. */
function errorMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } })?.error?.message;
    if (typeof message === "string") return excerpt(message);
  } catch { /* not JSON: show the raw text */ }
  return excerpt(text);
}

function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat || "(empty body)";
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

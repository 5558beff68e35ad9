/**
 * An HTTP server that exposes any {@link Scorer} under the subset of the vLLM/OpenAI completions API
 * that {@link HttpScorer} uses, so remote scoring is tested against a real server and a local scorer can
 * be shared between processes.
 *
 * - `GET /v1/models` → `{"object": "list", "data": [{"id": model, "object": "model",
 *   "bos_token_id": …, "vocab_size": …}]}`.
 * - `POST /v1/completions` with token-id prompts (`prompt`: one id array or an array of them), `echo:
 *   true`, optional `prompt_logprobs`. Each choice carries `logprobs.token_logprobs` (`[null, lp1, …]`)
 *   and, when `prompt_logprobs` is set, vLLM-style `prompt_logprobs` (`[null, {"<id>": {"logprob": …,
 *   "rank": null, "decoded_token": "<id>"}}, …]`). The server never generates tokens, whatever
 *   `max_tokens` requests (`finish_reason: "length"`, empty `text`).
 *
 * The BOS id is `scorer.vocabSize` unless set: a prompt starting with it is scored from "start of
 * sequence", so prompt token 1 gets the scorer's position-0 value. A prompt starting with any other id
 * uses that id as context. Text prompts are rejected (send token ids).
 *
 * Binds 127.0.0.1 by default. Logs start, stop and every failed request (with its id) through `log`.
 * Fault injection for tests: `fault(requestNumber)` may return a status to answer with and/or a delay.
 * @module
 */
import { InputError } from "../util/errors.ts";
import { type Scorer, validateScores } from "./scorer.ts";

/** An injected fault for one request. */
export interface ScorerServerFault {
  /** HTTP status returned instead of scoring (e.g. 503). */
  status?: number;
  /** Delay before the response, in milliseconds. */
  delayMs?: number;
}

/** Options of {@link startScorerServer}. */
export interface ScorerServerOptions {
  scorer: Scorer;
  /** Model name served; default `scorer.name`. Requests naming another model get 404. */
  model?: string;
  /** Interface to bind; default 127.0.0.1. */
  hostname?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** BOS id; default `scorer.vocabSize`. Required when the scorer has no `vocabSize`. */
  bosTokenId?: number;
  /** When set, requests must send `Authorization: Bearer <apiKey>` (else 401). */
  apiKey?: string;
  /** Largest number of token ids accepted per request; default 1,000,000. */
  maxTokensPerRequest?: number;
  /** Test hook: called with the 1-based request number of each completions request. */
  fault?: (requestNumber: number) => ScorerServerFault | undefined;
  /** Log sink; default `console.error`. */
  log?: (line: string) => void;
}

/** A running server. */
export interface ScorerServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  model: string;
  bosTokenId: number;
  /** Completions requests received so far. */
  readonly requests: number;
  /** Stops accepting connections and resolves when the server has shut down. */
  close(): Promise<void>;
}

function json(status: number, body: unknown, requestId: string): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId },
  });
}

function apiError(status: number, message: string, requestId: string): Response {
  const type = status >= 500 ? "server_error" : "invalid_request_error";
  return json(status, { error: { message, type, code: status } }, requestId);
}

/** Starts the server; resolves once it listens. */
export async function startScorerServer(options: ScorerServerOptions): Promise<ScorerServer> {
  const { scorer } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const model = options.model ?? scorer.name;
  const bos = options.bosTokenId ?? scorer.vocabSize;
  if (bos === undefined || !Number.isInteger(bos) || bos < 0) {
    throw new InputError(`scorer ${scorer.name} has no vocabulary size: pass a BOS token id`);
  }
  const maxTokens = options.maxTokensPerRequest ?? 1_000_000;
  let counter = 0;

  const completions = async (request: Request, requestId: string): Promise<Response> => {
    const number = ++counter;
    const fault = options.fault?.(number);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status) return apiError(fault.status, `injected fault ${fault.status}`, requestId);
    let body: Record<string, unknown>;
    try {
      body = await request.json();
    } catch {
      return apiError(400, "request body is not valid JSON", requestId);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return apiError(400, `request body must be a JSON object, got ${JSON.stringify(body)}`, requestId);
    }
    if (body.model !== undefined && body.model !== model) {
      return apiError(404, `model "${body.model}" not found; this server serves "${model}"`, requestId);
    }
    if (body.echo !== true) return apiError(400, "only echo: true is supported (prompt scoring)", requestId);
    const raw = body.prompt;
    if (Array.isArray(raw) && raw.length === 0) {
      return apiError(400, "prompt is empty: send a non-empty array of token ids", requestId);
    }
    const prompts: unknown[] = Array.isArray(raw) && raw.length > 0 && Array.isArray(raw[0]) ? raw : [raw];
    const sequences: Int32Array[] = [];
    let total = 0;
    for (const [k, p] of prompts.entries()) {
      if (!Array.isArray(p) || p.length === 0 || !p.every((v) => Number.isInteger(v))) {
        return apiError(
          400,
          `prompt ${k} must be a non-empty array of token ids (text prompts are not supported)`,
          requestId,
        );
      }
      total += p.length;
      sequences.push(Int32Array.from(p as number[]));
    }
    if (total > maxTokens) return apiError(413, `request has ${total} tokens, over ${maxTokens}`, requestId);
    // Strip a leading BOS; otherwise the first token is context only and gets no log-probability.
    const fromStart = sequences.map((s) => s[0] === bos);
    const scored = sequences.map((s, k) => (fromStart[k] ? s.subarray(1) : s));
    const vocab = scorer.vocabSize;
    for (const [k, s] of scored.entries()) {
      for (let t = 0; t < s.length; t++) {
        if (vocab !== undefined && (s[t]! < 0 || s[t]! >= vocab)) {
          return apiError(
            400,
            `prompt ${k}: token id ${s[t]} is outside [0, ${vocab}) (BOS is ${bos})`,
            requestId,
          );
        }
      }
    }
    const nonEmpty = scored.filter((s) => s.length > 0);
    const scores = validateScores(nonEmpty, await scorer.score(nonEmpty), scorer.name);
    let next = 0;
    const wantPrompt = body.prompt_logprobs !== undefined && body.prompt_logprobs !== null;
    const choices = sequences.map((seq, index) => {
      const row = scored[index]!.length > 0 ? scores[next++]! : new Float64Array(0);
      // Prompt position t ≥ 1 gets row[t − 1] from BOS-stripped scores, or row[t] when token 0 is context.
      const lps: (number | null)[] = [null];
      for (let t = 1; t < seq.length; t++) lps.push(fromStart[index] ? row[t - 1]! : row[t]!);
      const tokens = Array.from(seq, String);
      const choice: Record<string, unknown> = {
        index,
        text: "",
        finish_reason: "length",
        logprobs: { tokens, token_logprobs: lps, top_logprobs: null, text_offset: tokens.map(() => 0) },
      };
      if (wantPrompt) {
        choice.prompt_logprobs = lps.map((lp, t) =>
          lp === null
            ? null
            : { [String(seq[t])]: { logprob: lp, rank: null, decoded_token: String(seq[t]) } }
        );
      }
      return choice;
    });
    return json(200, {
      id: `cmpl-${requestId}`,
      object: "text_completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices,
      usage: { prompt_tokens: total, completion_tokens: 0, total_tokens: total },
    }, requestId);
  };

  const handler = async (request: Request): Promise<Response> => {
    const requestId = request.headers.get("x-request-id")?.slice(0, 80) || crypto.randomUUID().slice(0, 8);
    const path = new URL(request.url).pathname.replace(/\/+$/, "");
    let response: Response;
    try {
      if (options.apiKey && request.headers.get("authorization") !== `Bearer ${options.apiKey}`) {
        response = apiError(401, "missing or invalid API key", requestId);
      } else if (path === "/v1/models" && request.method === "GET") {
        response = json(200, {
          object: "list",
          data: [{
            id: model,
            object: "model",
            owned_by: "l2m",
            bos_token_id: bos,
            vocab_size: scorer.vocabSize,
          }],
        }, requestId);
      } else if (path === "/v1/completions") {
        response = request.method === "POST"
          ? await completions(request, requestId)
          : apiError(405, `method ${request.method} not allowed on ${path}`, requestId);
      } else {
        response = apiError(404, `no route ${request.method} ${path}`, requestId);
      }
    } catch (error) {
      if (error instanceof InputError) {
        // The scorer rejected the request's content (e.g. a prompt longer than the model's positions).
        log(`scorer server: request ${requestId} rejected: ${error.message}`);
        response = apiError(400, error.message, requestId);
      } else {
        log(`scorer server: request ${requestId} failed: ${(error as Error).stack ?? error}`);
        response = apiError(500, `internal error: ${(error as Error).message}`, requestId);
      }
    }
    if (response.status >= 400) {
      log(`scorer server: request ${requestId} ${request.method} ${path} → ${response.status}`);
    }
    return response;
  };

  const controller = new AbortController();
  const hostname = options.hostname ?? "127.0.0.1";
  const { promise: listening, resolve } = Promise.withResolvers<number>();
  const server = Deno.serve({
    hostname,
    port: options.port ?? 0,
    signal: controller.signal,
    onListen: ({ port }) => resolve(port),
    onError: (error) => {
      log(`scorer server: unhandled error: ${(error as Error).stack ?? error}`);
      return apiError(500, "internal error", "unknown");
    },
  }, handler);
  const port = await listening;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const url = `http://${host}:${port}`;
  log(`scorer server: serving ${model} (BOS ${bos}) at ${url}/v1/completions`);
  return {
    url,
    port,
    model,
    bosTokenId: bos,
    get requests() {
      return counter;
    },
    async close() {
      controller.abort();
      await server.finished;
      log(`scorer server: stopped ${url}`);
    },
  };
}

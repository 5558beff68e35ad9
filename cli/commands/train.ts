/**
 * `l2m train`: trains one model on sub-volume Gaussian data (exact KL) or on text (next-token NLL),
 * prints progress lines, optionally checkpoints/resumes, and writes the final metrics as JSON.
 * @module
 */
import { parseArgs } from "node:util";
import type { Command } from "../command.ts";
import { InputError } from "../../lib/util/errors.ts";
import { writeJsonAtomic } from "../../lib/util/atomic.ts";
import { type BackendName, initBackend } from "../../lib/models/backend.ts";
import {
  historyStateSize,
  type IoConfig,
  parameterCount,
  POSITION_INITS,
  type PositionInit,
  preset,
  PRESETS,
  validateConfig,
} from "../../lib/models/config.ts";
import { type JobData, runJob, TrainingInterrupted, type TrainJob } from "../../lib/train/job.ts";
import { hasCheckpoint, readCheckpointManifest } from "../../lib/train/checkpoint.ts";
import { textWindows } from "../../lib/train/text_data.ts";
import { getTokenizer, tokenizerRecord } from "../../lib/tokenize/mod.ts";
import { loadCorpus } from "../../lib/data/catalog.ts";
import { readUtf8File } from "../../lib/data/utf8.ts";

const HELP = `usage: deno task l2m train --model NAME [options]

Trains one model, printing "step N/M: loss X, lr Y, T ms/step" every --log-every steps, then evaluates
it on held-out data. Ctrl-C (SIGINT) or SIGTERM stops after the current step; with --checkpoint the
step is saved first, and the same command with --resume continues from it. A second signal quits at once.

data and model:
  --data KIND          gaussian (sub-volume Gaussian, loss = exact KL in nats per variable) or
                       text (loss = next-token NLL in nats per token)                        [gaussian]
  --model NAME         preset: ${Object.keys(PRESETS).join(", ")}.
                       The paper's presets (gpt2…, mamba-…) need a GPU: --backend webgpu
  --length L           tokens per sequence; for gaussian a power of 4 (16, 64, 256, 1024, …)  [64]
  --copies C           gaussian: independent copies per token (paper: 64)                    [16]
  --family 1|2         gaussian: 1 = power-law BMI, 2 = logarithmic BMI                       [1]
  --layers N           override the preset's number of layers
  --hidden N           override the preset's width (Transformer: a multiple of the heads)
  --heads N            Transformer: override the attention heads per layer
  --state-size N       SSM: override the state size per channel
  --position-init KIND Transformer: starting position table: normal (GPT-2), sinusoidal or dyadic [normal]
  --corpus SPEC        text: a catalogue corpus (moby-dick, sotu, typescript, …) or a path, folder:PATH,
                       pg19:PATH, parquet:PATH or jsonl:PATH (./l2m help datasets); joined into one stream
  --text FILE          text: one UTF-8 file, instead of --corpus
  --tokenizer NAME     text: bytes, chars, words, gpt2, cl100k, o200k                        [bytes]
  --eval-windows N     text: evaluate on at most N held-out windows                          [all]
                       Text is cut into windows of L tokens; every 10th window, starting with the
                       first, is held out for evaluation.

optimisation:
  --steps N            optimiser steps                                                       [200]
  --batch N            sequences per step                                                    [8]
  --lr X               peak learning rate (cosine decay to 10 %, warmup 10 % of steps)       [1e-3]
  --seed N             seed for weights and data                                             [0]
  --backend NAME       auto, webgpu, wasm or cpu (env L2M_BACKEND)                           [auto]

checkpoints and output:
  --checkpoint DIR     save weights, optimiser state and step to DIR (atomically) at the end, every
                       --checkpoint-every steps and when stopped by a signal
  --checkpoint-every N also save every N steps (0: only at the end and when stopped)          [0]
  --resume             continue from the checkpoint in DIR; every setting must match it. Without
                       --resume, a DIR that already holds a checkpoint is an error.
  --out FILE           write the final metrics (per-position KL/NLL, losses) as JSON
  --log-every N        print a progress line every N steps                                   [10]

example:
  deno task l2m train --data gaussian --model ssm-tiny --length 256 --steps 300 --out ssm.json`;

/** Parses a positive integer option, naming it in the error. */
function int(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new InputError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  }
  return n;
}

/** Flags that only Gaussian data or only text uses, each rejected with the other kind of data. */
const GAUSSIAN_FLAGS = ["copies", "family"] as const;
const TEXT_FLAGS = ["corpus", "text", "tokenizer", "eval-windows"] as const;

/** Largest wasm heap, in bytes (tfjs-backend-wasm 4.22 grows its memory up to 4 GiB minus one page). */
const WASM_HEAP_BYTES = 4 * 2 ** 30;

/**
 * Checks `--checkpoint DIR` before any training: DIR must be a folder or not exist yet, and a checkpoint
 * already in it needs `--resume`. Returns the step of that checkpoint, or null when there is none.
 */
async function checkpointStart(dir: string, resume: boolean): Promise<number | null> {
  const stat = await Deno.stat(dir).catch(() => null);
  if (stat && !stat.isDirectory) {
    throw new InputError(`--checkpoint ${dir} is a file; give a folder (it is created if missing)`);
  }
  if (!hasCheckpoint(dir)) return null;
  const { step } = await readCheckpointManifest(dir);
  if (!resume) {
    throw new InputError(
      `${dir} already contains a checkpoint at step ${step}; add --resume to continue it, ` +
        "or give another --checkpoint folder",
    );
  }
  return step;
}

/** Returns true for an abort of the wasm module, which is how running out of its heap shows. */
function isWasmAbort(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || /\bAborted\(/.test(String((error as Error)?.message));
}

export const trainCommand: Command = {
  name: "train",
  summary: "train a Transformer or SSM on Gaussian sequences or text (exact KL / NLL)",
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        data: { type: "string", default: "gaussian" },
        model: { type: "string" },
        length: { type: "string" },
        copies: { type: "string" },
        family: { type: "string" },
        layers: { type: "string" },
        hidden: { type: "string" },
        heads: { type: "string" },
        "state-size": { type: "string" },
        "position-init": { type: "string" },
        text: { type: "string" },
        corpus: { type: "string" },
        tokenizer: { type: "string" },
        "eval-windows": { type: "string" },
        steps: { type: "string" },
        batch: { type: "string" },
        lr: { type: "string" },
        seed: { type: "string" },
        backend: { type: "string" },
        checkpoint: { type: "string" },
        "checkpoint-every": { type: "string" },
        resume: { type: "boolean", default: false },
        out: { type: "string" },
        "log-every": { type: "string" },
      },
      strict: true,
    });

    // Every option is checked here, before the backend starts or any data loads.
    if (!values.model) throw new InputError("--model is required, e.g. --model gpt-tiny");
    const kind = PRESETS[values.model]?.kind;
    if (!kind) {
      throw new InputError(
        `unknown --model "${values.model}": use one of ${Object.keys(PRESETS).join(", ")}`,
      );
    }
    // A shape flag for the other kind of model is an error.
    if (kind === "ssm" && values.heads !== undefined) {
      throw new InputError(
        `--heads applies only to Transformers, but ${values.model} is an SSM: use --state-size`,
      );
    }
    if (kind === "transformer" && values["state-size"] !== undefined) {
      throw new InputError(
        `--state-size applies only to SSMs, but ${values.model} is a Transformer: use --heads`,
      );
    }
    if (values.data !== "gaussian" && values.data !== "text") {
      throw new InputError(`--data must be gaussian or text, got "${values.data}"`);
    }
    // A flag for the other kind of data is an error too.
    const otherFlags = values.data === "gaussian" ? TEXT_FLAGS : GAUSSIAN_FLAGS;
    const otherKind = values.data === "gaussian" ? "text" : "Gaussian";
    const foreign = otherFlags.filter((flag) => values[flag] !== undefined);
    if (foreign.length > 0) {
      throw new InputError(`--${foreign[0]} applies only to ${otherKind} data, but --data is ${values.data}`);
    }
    if (values.data === "text" && values.corpus !== undefined && values.text !== undefined) {
      throw new InputError(`give --corpus ${values.corpus} or --text ${values.text}, not both`);
    }
    if (values.data === "text" && values.corpus === undefined && values.text === undefined) {
      throw new InputError("--data text needs --corpus NAME (e.g. moby-dick) or --text FILE");
    }
    const length = int("length", values.length, 64, 2);
    let gaussianLayers = 0;
    if (values.data === "gaussian") {
      gaussianLayers = Math.round(Math.log(length) / Math.log(4));
      if (4 ** gaussianLayers !== length) {
        throw new InputError(`--length ${length} is not a power of 4; use 16, 64, 256, 1024, …`);
      }
    }
    const family = int("family", values.family, 1);
    if (family !== 1 && family !== 2) throw new InputError(`--family must be 1 or 2, got ${family}`);
    const copies = int("copies", values.copies, 16);
    const evalWindows = int("eval-windows", values["eval-windows"], Infinity);
    const positionInit = values["position-init"] as PositionInit | undefined;
    if (positionInit !== undefined && !POSITION_INITS.includes(positionInit)) {
      throw new InputError(`invalid --position-init "${positionInit}": use ${POSITION_INITS.join(", ")}`);
    }
    const steps = int("steps", values.steps, 200);
    const batch = int("batch", values.batch, 8);
    const seed = int("seed", values.seed, 0, 0);
    const lr = values.lr === undefined ? 1e-3 : Number(values.lr);
    if (!(lr > 0)) throw new InputError(`--lr must be a positive number, got "${values.lr}"`);
    const logEvery = int("log-every", values["log-every"], 10);
    if (values.resume && !values.checkpoint) throw new InputError("--resume needs --checkpoint DIR");
    if (values["checkpoint-every"] !== undefined && !values.checkpoint) {
      throw new InputError(
        `--checkpoint-every ${values["checkpoint-every"]} needs --checkpoint DIR to save into`,
      );
    }
    const checkpointEvery = int("checkpoint-every", values["checkpoint-every"], 0, 0);
    const resumeStep = values.checkpoint ? await checkpointStart(values.checkpoint, values.resume) : null;

    const backend = await initBackend({ prefer: values.backend as BackendName | "auto" | undefined });
    console.log(`backend: ${backend.name} (${backend.reason})`);

    // Data.
    let data: JobData, io: IoConfig;
    if (values.data === "gaussian") {
      data = { kind: "gaussian", family, layers: gaussianLayers, copies };
      io = { type: "gaussian", channels: copies };
    } else {
      let text: string, documents: string[];
      const source = values.corpus ? `--corpus ${values.corpus}` : `--text ${values.text}`;
      if (values.corpus) {
        documents = (await loadCorpus(values.corpus)).documents.map((d) => d.text);
        text = documents.join("\n\n");
      } else {
        // Strict decoding: a file in another encoding fails naming the byte offset instead of training
        // on replacement characters.
        text = await readUtf8File(values.text!).catch((e) => {
          if (e instanceof InputError) throw e;
          throw new InputError(`cannot read --text ${values.text}: ${e.message}`);
        });
        documents = [text];
      }
      // Built from the documents, as `l2m bmi` builds it, so that both get the same ids from one corpus.
      const tok = await getTokenizer(values.tokenizer ?? "bytes", { corpus: documents });
      let windows: ReturnType<typeof textWindows>;
      try {
        windows = textWindows(tok.encode(text), length);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        throw new InputError(`${source}: ${error.message}; use a smaller --length or more text`);
      }
      const heldOut = windows.eval.slice(0, evalWindows);
      const tokenizer = await tokenizerRecord(tok);
      data = { kind: "text", train: windows.train, eval: heldOut, tokenVocab: tok.vocabSize, tokenizer };
      io = { type: "tokens", vocab: tok.vocabSize + 1 };
      console.log(
        `text: ${windows.train.length} training and ${heldOut.length} held-out windows of ${length} tokens ` +
          `(tokenizer ${tok.name})`,
      );
    }

    // Model. Shape overrides: an absent flag keeps the preset's value.
    const optionalInt = (name: string, raw: string | undefined) =>
      raw === undefined ? undefined : int(name, raw, 1);
    const model = preset(values.model, io, {
      maxLength: length,
      positionInit,
      layers: optionalInt("layers", values.layers),
      hidden: optionalInt("hidden", values.hidden),
      heads: optionalInt("heads", values.heads),
      stateSize: optionalInt("state-size", values["state-size"]),
    });
    validateConfig(model);
    const params = parameterCount(model);
    console.log(
      `model: ${model.name} (${model.kind}), ${params} parameters, ` +
        `history state dim z(${length}) = ${historyStateSize(model, length)} floats`,
    );
    // Weights, gradients and the two AdamW moments take 16 bytes per parameter before any activation.
    const stateGiB = (16 * params) / 2 ** 30;
    if (backend.name === "wasm" && 16 * params > WASM_HEAP_BYTES) {
      throw new InputError(
        `${model.name} needs about ${stateGiB.toFixed(1)} GiB for weights, gradients and optimiser state, ` +
          "more than the wasm backend's 4 GiB heap: use a smaller preset (gpt-tiny, ssm-small, …) or " +
          "--backend webgpu on a machine with a GPU",
      );
    }

    const job: TrainJob = {
      id: `${model.name}@${length}`,
      model,
      data,
      steps,
      batch,
      lr,
      seed,
      checkpoint: values.checkpoint,
      checkpointEvery,
      resume: values.resume,
    };
    if (resumeStep !== null) {
      const done = resumeStep >= steps ? " (all steps done: only the evaluation runs)" : "";
      console.log(`found a checkpoint at step ${resumeStep} in ${values.checkpoint}${done}`);
    } else if (values.resume) {
      console.log(
        `no checkpoint in ${values.checkpoint} yet: starting from step 0 (check the path if one was expected)`,
      );
    }

    // Training, stopped cleanly by the first SIGINT or SIGTERM.
    const controller = new AbortController();
    const stop = () => {
      if (controller.signal.aborted) Deno.exit(130);
      console.log("stopping after the current step (a second signal quits at once)");
      controller.abort();
    };
    const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
    for (const sig of signals) Deno.addSignalListener(sig, stop);
    let result;
    try {
      result = await runJob(job, (r) => {
        if (r.step % logEvery === 0 || r.step === steps) {
          console.log(
            `step ${r.step}/${steps}: loss ${r.loss.toPrecision(4)}, lr ${r.lr.toExponential(2)}, ${
              r.ms.toFixed(0)
            } ms/step`,
          );
        }
        if (r.step === steps && data.kind === "text") {
          console.log(`evaluating on ${data.eval.length} held-out windows (--eval-windows limits them)`);
        }
      }, controller.signal);
    } catch (error) {
      if (error instanceof TrainingInterrupted) {
        console.log(
          error.checkpoint
            ? `stopped after step ${error.step}; saved in ${error.checkpoint}. ` +
              "Run the same command with --resume to continue."
            : `stopped after step ${error.step}; nothing was saved (add --checkpoint DIR to keep progress)`,
        );
        return 130;
      }
      if (backend.name === "wasm" && isWasmAbort(error)) {
        const gib = stateGiB.toFixed(1);
        throw new InputError(
          `the wasm backend aborted while training ${model.name}, most likely out of memory: its heap is ` +
            `limited to 4 GiB, and weights, gradients and optimiser state take about ${gib} GiB before ` +
            "activations. Use a smaller preset, --batch or --length, or --backend webgpu on a machine " +
            "with a GPU",
        );
      }
      throw error;
    } finally {
      for (const sig of signals) Deno.removeSignalListener(sig, stop);
    }

    const unit = data.kind === "gaussian" ? "nats/variable" : "nats/token";
    const kl = result.klAvg === undefined ? "" : `KL ${result.klAvg.toPrecision(4)} ${unit}, `;
    const speed = result.tokensPerSecond > 0
      ? `, ${result.tokensPerSecond.toFixed(0)} tokens/s training`
      : "";
    console.log(`eval: ${kl}NLL ${result.nllAvg.toPrecision(4)} ${unit}${speed}`);
    if (values.out) {
      await writeJsonAtomic(values.out, result);
      console.log(`wrote ${values.out}`);
    }
    return 0;
  },
};

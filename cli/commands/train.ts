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
import { type JobData, runJob, type TrainJob } from "../../lib/train/job.ts";
import { textWindows } from "../../lib/train/text_data.ts";
import { getTokenizer } from "../../lib/tokenize/mod.ts";
import { loadCorpus } from "../../lib/data/catalog.ts";
import { readUtf8File } from "../../lib/data/utf8.ts";

const HELP = `usage: deno task l2m train --data gaussian|text --model NAME --length L [options]

Trains one model and prints "step N/M: loss X, T ms/step" lines, then the evaluation.

data and model:
  --data KIND          gaussian (sub-volume Gaussian, loss = exact KL in nats per variable) or
                       text (loss = next-token NLL in nats per token)                        [gaussian]
  --model NAME         preset: ${Object.keys(PRESETS).join(", ")}
  --length L           tokens per sequence; for gaussian a power of 4 (16, 64, 256, 1024, …)  [64]
  --copies C           gaussian: independent copies per token (paper: 64)                    [16]
  --family 1|2         gaussian: 1 = power-law BMI, 2 = logarithmic BMI                       [1]
  --layers N           override the preset's number of layers
  --hidden N           override the preset's width (Transformer: a multiple of the heads)
  --heads N            Transformer: override the attention heads per layer
  --state-size N       SSM: override the state size per channel
  --position-init KIND Transformer: starting position table: normal (GPT-2), sinusoidal or dyadic;
                       SSMs have no position table and ignore it                             [normal]
  --corpus NAME        text: a catalogue corpus (moby-dick, sotu, …) joined into one stream
  --text FILE          text: a UTF-8 file to train on instead (10 % of windows are held out)
  --tokenizer NAME     text: bytes, chars, words, gpt2, cl100k, o200k                        [bytes]

optimisation:
  --steps N            optimiser steps                                                       [200]
  --batch N            sequences per step                                                    [8]
  --lr X               peak learning rate (cosine decay to 10 %, warmup 10 % of steps)       [1e-3]
  --seed N             seed for weights and data                                             [0]
  --backend NAME       auto, webgpu, wasm or cpu (env L2M_BACKEND)                           [auto]

checkpoints and output:
  --checkpoint DIR     save weights + optimiser + step to DIR (atomically)
  --checkpoint-every N save every N steps (0: only at the end)                               [0]
  --resume             continue from the checkpoint in DIR if there is one
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
        tokenizer: { type: "string", default: "bytes" },
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
    if (!values.model) throw new InputError("--model is required, e.g. --model gpt-tiny");
    // A shape flag for the other kind of model is an error, reported before any data is loaded.
    const kind = PRESETS[values.model]?.kind;
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
    const length = int("length", values.length, 64, 2);
    const positionInit = values["position-init"] as PositionInit | undefined;
    if (positionInit !== undefined && !POSITION_INITS.includes(positionInit)) {
      throw new InputError(`invalid --position-init "${positionInit}": use ${POSITION_INITS.join(", ")}`);
    }
    const steps = int("steps", values.steps, 200);
    const batch = int("batch", values.batch, 8);
    const seed = int("seed", values.seed, 0, 0);
    const lr = values.lr === undefined ? 1e-3 : Number(values.lr);
    if (!(lr > 0)) throw new InputError(`--lr must be a positive number, got "${values.lr}"`);
    if (values.resume && !values.checkpoint) throw new InputError("--resume needs --checkpoint DIR");
    if (values["checkpoint-every"] !== undefined && !values.checkpoint) {
      throw new InputError(
        `--checkpoint-every ${values["checkpoint-every"]} needs --checkpoint DIR to save into`,
      );
    }
    const backend = await initBackend({ prefer: values.backend as BackendName | "auto" | undefined });
    console.log(`backend: ${backend.name} (${backend.reason})`);

    let data: JobData, io: IoConfig;
    if (values.data === "gaussian") {
      const layers = Math.round(Math.log(length) / Math.log(4));
      if (4 ** layers !== length) {
        throw new InputError(`--length ${length} is not a power of 4; use 16, 64, 256, 1024, …`);
      }
      const family = int("family", values.family, 1);
      if (family !== 1 && family !== 2) throw new InputError(`--family must be 1 or 2, got ${family}`);
      const copies = int("copies", values.copies, 16);
      data = { kind: "gaussian", family, layers, copies };
      io = { type: "gaussian", channels: copies };
    } else if (values.data === "text") {
      let text: string;
      if (values.corpus) {
        text = (await loadCorpus(values.corpus)).documents.map((d) => d.text).join("\n\n");
      } else if (values.text) {
        // Strict decoding: a file in another encoding fails naming the byte offset instead of training
        // on replacement characters.
        text = await readUtf8File(values.text).catch((e) => {
          if (e instanceof InputError) throw e;
          throw new InputError(`cannot read --text ${values.text}: ${e.message}`);
        });
      } else throw new InputError("--data text needs --corpus NAME (e.g. moby-dick) or --text FILE");
      const tok = await getTokenizer(values.tokenizer!, { corpus: [text] });
      const windows = textWindows(tok.encode(text), length);
      data = { kind: "text", ...windows, tokenVocab: tok.vocabSize };
      io = { type: "tokens", vocab: tok.vocabSize + 1 };
      console.log(
        `text: ${windows.train.length} train / ${windows.eval.length} eval windows of ${length} ${tok.name} tokens`,
      );
    } else {
      throw new InputError(`--data must be gaussian or text, got "${values.data}"`);
    }
    // Shape overrides: an absent flag keeps the preset's value.
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
    console.log(
      `model: ${model.name} (${model.kind}), ${parameterCount(model)} parameters, ` +
        `history state dim z(${length}) = ${historyStateSize(model, length)} floats`,
    );
    const job: TrainJob = {
      id: `${model.name}@${length}`,
      model,
      data,
      steps,
      batch,
      lr,
      seed,
      checkpoint: values.checkpoint,
      checkpointEvery: int("checkpoint-every", values["checkpoint-every"], 0, 0),
      resume: values.resume,
    };
    const logEvery = int("log-every", values["log-every"], 10);
    const result = await runJob(job, (r) => {
      if (r.step % logEvery === 0 || r.step === steps) {
        console.log(
          `step ${r.step}/${steps}: loss ${r.loss.toPrecision(4)}, lr ${r.lr.toExponential(2)}, ${
            r.ms.toFixed(0)
          } ms/step`,
        );
      }
    });
    const kl = result.klAvg === undefined ? "" : `KL ${result.klAvg.toPrecision(4)} nats/variable, `;
    console.log(
      `eval: ${kl}NLL ${result.nllAvg.toPrecision(4)} nats, ${
        result.tokensPerSecond.toFixed(0)
      } tokens/s training`,
    );
    if (values.out) {
      await writeJsonAtomic(values.out, result);
      console.log(`wrote ${values.out}`);
    }
    return 0;
  },
};

/**
 * One self-contained training run (model × data × schedule → metrics), serialisable so it can run in a
 * Worker. Used by sweeps, the `train` command and the notebooks.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { buildModel } from "../models/model.ts";
import { historyStateSize, type ModelConfig } from "../models/config.ts";
import { currentBackend } from "../models/backend.ts";
import { GaussianTask, TextTask, type TrainTask } from "./tasks.ts";
import { type GaussianDataSpec, gaussianSource } from "./gaussian_data.ts";
import { evaluateGaussian, evaluateText, type PositionMetrics } from "./evaluate.ts";
import { type StepReport, Trainer } from "./trainer.ts";
import { hasCheckpoint } from "./checkpoint.ts";
import type { TokenizerRecord } from "../tokenize/record.ts";

/** Data of a job. Text windows hold L tokens each; the model's vocabulary must be `tokenVocab + 1` (BOS). */
export type JobData =
  | ({ kind: "gaussian" } & GaussianDataSpec)
  | {
    kind: "text";
    train: Int32Array[];
    eval: Int32Array[];
    tokenVocab: number;
    tokenizer?: TokenizerRecord;
  };

/** A training run. */
export interface TrainJob {
  /** Label used in progress lines and results. */
  id: string;
  model: ModelConfig;
  data: JobData;
  steps: number;
  batch: number;
  lr: number;
  warmup?: number;
  seed: number;
  /** Evaluation: fresh Gaussian samples (ignored for text, which uses `data.eval`). */
  evalSamples?: number;
  evalBatch?: number;
  /** Checkpoint folder: saved every `checkpointEvery` steps and at the end; resumed when `resume`. */
  checkpoint?: string;
  checkpointEvery?: number;
  resume?: boolean;
}

/** How often a job with an abort signal lets other tasks run, in milliseconds of training. */
const YIELD_EVERY_MS = 250;

/**
 * Thrown by {@link runJob} when its `signal` aborts training: the run stopped after `step`, and
 * `checkpoint` names the folder it was saved to (undefined when the job has no checkpoint folder).
 */
export class TrainingInterrupted extends Error {
  override name = "TrainingInterrupted";
  constructor(readonly step: number, readonly checkpoint: string | undefined) {
    super(
      `training stopped after step ${step}` +
        (checkpoint ? `; checkpoint saved in ${checkpoint}` : "; nothing saved (no checkpoint folder)"),
    );
  }
}

/** Result of a job. Arrays are plain numbers so results cross Worker boundaries and JSON. */
export interface JobResult {
  id: string;
  model: string;
  kind: ModelConfig["kind"];
  length: number;
  params: number;
  /** dim z(L) in floats. */
  stateSize: number;
  hidden: number;
  layers: number;
  /** Exact I^BP(L) of the training data (Gaussian only), nats, all copies. */
  bmi?: number;
  /** KL of the context-free predictor N(0,1) on the same data (Gaussian only), nats per variable. */
  klUnconditional?: number;
  steps: number;
  finalLoss: number;
  /** Training loss every step. */
  losses: number[];
  klAvg?: number;
  klPerPosition?: number[];
  nllAvg: number;
  nllPerPosition: number[];
  msPerStep: number;
  tokensPerSecond: number;
  backend: string;
}

/**
 * Builds model and task, trains, evaluates, and returns a {@link JobResult}. Frees every tensor it made.
 * `onStep` is called after every step. When `signal` aborts, training stops after the current step, a
 * checkpoint is saved if the job has a folder, and {@link TrainingInterrupted} is thrown.
 */
export async function runJob(
  job: TrainJob,
  onStep?: (r: StepReport) => void,
  signal?: AbortSignal,
): Promise<JobResult> {
  const model = buildModel(job.model, job.seed);
  const gauss = job.data.kind === "gaussian" ? gaussianSource(job.data) : null;
  let task: TrainTask;
  if (gauss) task = new GaussianTask(gauss, job.batch, job.seed);
  else {
    const d = job.data as Extract<JobData, { kind: "text" }>;
    task = new TextTask(d.train, d.tokenVocab, job.batch, job.seed, d.tokenizer);
  }
  const trainer = new Trainer(model, task, {
    steps: job.steps,
    lr: job.lr,
    warmup: job.warmup,
    seed: job.seed,
  });
  try {
    if (job.checkpoint && job.resume && hasCheckpoint(job.checkpoint)) await trainer.restore(job.checkpoint);
    const every = job.checkpointEvery ?? 0;
    let yielded = performance.now();
    const msPerStep = await trainSteps(trainer, job.steps, onStep, async (r) => {
      // A step's awaits resolve as microtasks, so signal handlers (tasks) would wait for the whole run.
      // Yielding to the task queue about every 250 ms lets them run at a small cost.
      if (signal && performance.now() - yielded > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        yielded = performance.now();
      }
      const stopping = signal?.aborted && r.step < job.steps;
      if (job.checkpoint && ((every > 0 && r.step % every === 0) || stopping)) {
        await trainer.save(job.checkpoint, { id: job.id });
      }
      if (stopping) throw new TrainingInterrupted(r.step, job.checkpoint);
    });
    if (job.checkpoint) await trainer.save(job.checkpoint, { id: job.id });
    let metrics: PositionMetrics;
    if (gauss) {
      metrics = await evaluateGaussian(model, gauss, {
        samples: job.evalSamples ?? 64,
        batch: job.evalBatch ?? job.batch,
        seed: job.seed + 1_000_003,
      });
    } else {
      const d = job.data as Extract<JobData, { kind: "text" }>;
      metrics = await evaluateText(model, d.eval, { batch: job.evalBatch ?? job.batch, bos: d.tokenVocab });
    }
    return {
      id: job.id,
      model: job.model.name,
      kind: job.model.kind,
      length: task.length,
      params: model.params.count(),
      stateSize: historyStateSize(job.model, task.length),
      hidden: job.model.hidden,
      layers: job.model.layers,
      bmi: gauss?.bmi,
      klUnconditional: gauss?.klUnconditional,
      ...resultMetrics(trainer, metrics, msPerStep, job.batch * task.length),
    };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

/**
 * Runs `trainer` until it reaches `steps`, calling `onStep` and then `afterStep` after each step.
 * Returns the mean wall time per step in ms, leaving out step 1 (it includes kernel compilation).
 */
export async function trainSteps(
  trainer: Trainer,
  steps: number,
  onStep?: (r: StepReport) => void,
  afterStep?: (r: StepReport) => Promise<void>,
): Promise<number> {
  let ms = 0, timed = 0;
  while (trainer.step < steps) {
    const r = await trainer.next();
    if (r.step > 1) {
      ms += r.ms;
      timed++;
    }
    onStep?.(r);
    await afterStep?.(r);
  }
  return timed > 0 ? ms / timed : 0;
}

/** The fields of a {@link JobResult} that come from training, evaluation and timing. */
export type ResultMetrics = Pick<
  JobResult,
  | "steps"
  | "finalLoss"
  | "losses"
  | "klAvg"
  | "klPerPosition"
  | "nllAvg"
  | "nllPerPosition"
  | "msPerStep"
  | "tokensPerSecond"
  | "backend"
>;

/** Collects the training, evaluation and timing fields of a result; `tokensPerStep` is batch × L. */
export function resultMetrics(
  trainer: Trainer,
  metrics: PositionMetrics,
  msPerStep: number,
  tokensPerStep: number,
): ResultMetrics {
  return {
    steps: trainer.step,
    finalLoss: trainer.losses.at(-1) ?? NaN,
    losses: [...trainer.losses],
    klAvg: metrics.klAvg,
    klPerPosition: metrics.klPerPosition ? [...metrics.klPerPosition] : undefined,
    nllAvg: metrics.nllAvg,
    nllPerPosition: [...metrics.nllPerPosition],
    msPerStep,
    tokensPerSecond: msPerStep > 0 ? (tokensPerStep * 1000) / msPerStep : 0,
    backend: currentBackend()?.name ?? tf.getBackend(),
  };
}

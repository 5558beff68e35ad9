/**
 * Training runs for the Θ(L^γ) experiments: a {@link GrowthJob} is a `TrainJob` of `lib/train` whose model
 * may also be a sparse-attention config. It trains with the same `Trainer`, `GaussianTask` (fresh samples,
 * exact-KL loss) and `evaluateGaussian` (exact position-wise KL), and returns the same `JobResult`, with
 * `stateSize` the model's own dim z(L).
 * @module
 */
import { InputError } from "../../util/errors.ts";
import { buildModel, type SequenceModel } from "../model.ts";
import { evaluateGaussian } from "../../train/evaluate.ts";
import { gaussianSource } from "../../train/gaussian_data.ts";
import { type JobResult, resultMetrics, type TrainJob, trainSteps } from "../../train/job.ts";
import { GaussianTask } from "../../train/tasks.ts";
import { type StepReport, Trainer } from "../../train/trainer.ts";
import { buildSparseAttentionModel } from "./attention_model.ts";
import { type GrowthModelConfig, growthStateFloats } from "./growth.ts";
import { type ExpressedBmi, expressedBmi } from "./capacity.ts";

/**
 * A Gaussian training run whose model is any {@link GrowthModelConfig}.
 * NOTE: growth jobs neither checkpoint nor resume (laptop-scale runs take minutes); paper-scale runs would
 * need the checkpointing that `runJob` in `lib/train` has.
 */
export interface GrowthJob extends Omit<TrainJob, "model" | "checkpoint" | "checkpointEvery" | "resume"> {
  model: GrowthModelConfig;
  /** Also measure the bipartite MI the trained model expresses (see `capacity.ts`). */
  measureBmi?: boolean;
}

/** A `JobResult` plus the expressed BMI when the job asked for it. */
export interface GrowthResult extends JobResult {
  expressed?: ExpressedBmi;
}

/** Builds the model of a job config with seeded weights. */
export function buildGrowthModel(config: GrowthModelConfig, seed: number): SequenceModel {
  return config.kind === "sparse-attention"
    ? buildSparseAttentionModel(config, seed)
    : buildModel(config, seed);
}

/** Trains and evaluates one job on the sub-volume Gaussian; frees every tensor it made. */
export async function runGrowthJob(job: GrowthJob, onStep?: (r: StepReport) => void): Promise<GrowthResult> {
  if (job.data.kind !== "gaussian") {
    throw new InputError(
      `growth job ${job.id}: data kind "${job.data.kind}" is not supported; use "gaussian"`,
    );
  }
  const model = buildGrowthModel(job.model, job.seed);
  const source = gaussianSource(job.data);
  const task = new GaussianTask(source, job.batch, job.seed);
  const trainer = new Trainer(model, task, {
    steps: job.steps,
    lr: job.lr,
    warmup: job.warmup,
    seed: job.seed,
  });
  try {
    const msPerStep = await trainSteps(trainer, job.steps, onStep);
    const metrics = await evaluateGaussian(model, source, {
      samples: job.evalSamples ?? 64,
      batch: job.evalBatch ?? job.batch,
      seed: job.seed + 1_000_003,
    });
    const expressed = job.measureBmi
      ? await expressedBmi(model, source, {
        samples: job.evalSamples ?? 64,
        batch: job.evalBatch ?? job.batch,
        seed: job.seed + 2_000_003,
      })
      : undefined;
    const base = job.model.kind === "sparse-attention" ? job.model.base : job.model;
    return {
      id: job.id,
      model: job.model.name,
      kind: base.kind,
      length: task.length,
      params: model.params.count(),
      stateSize: growthStateFloats(job.model, task.length),
      hidden: base.hidden,
      layers: base.layers,
      bmi: source.bmi,
      ...resultMetrics(trainer, metrics, msPerStep, job.batch * task.length),
      expressed,
    };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

/**
 * The training loop: AdamW + cosine schedule + gradient clipping on a {@link TrainTask}, with atomic
 * checkpoints and exact resume.
 *
 * @example
 * ```ts
 * import { buildModel, initBackend, preset } from "@l2m/models/mod.ts";
 * import { TextTask, Trainer } from "@l2m/train/mod.ts";
 * await initBackend({ prefer: "cpu" });
 * const windows = [Int32Array.of(1, 2, 3, 1), Int32Array.of(2, 3, 1, 2)];
 * const task = new TextTask(windows, 4, 2, 0);
 * const model = buildModel(preset("gpt-micro", { type: "tokens", vocab: 5 }, { maxLength: 4 }), 0);
 * const trainer = new Trainer(model, task, { steps: 3, lr: 1e-2, warmup: 1, seed: 0 });
 * const r = await trainer.next();
 * console.assert(r.step === 1 && Number.isFinite(r.loss));
 * trainer.dispose();
 * model.dispose();
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SequenceModel } from "../models/model.ts";
import type { ModelConfig } from "../models/config.ts";
import { InputError } from "../util/errors.ts";
import { AdamW } from "./adamw.ts";
import { cosineLr } from "./schedule.ts";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import type { TrainTask } from "./tasks.ts";

/** Optimisation settings. Defaults follow the paper where it gives them (wd 0.01, clip 1.0). */
export interface TrainOptions {
  /** Total optimiser steps. */
  steps: number;
  /** Peak learning rate. */
  lr: number;
  /** Warmup steps (default 10 % of `steps`). */
  warmup?: number;
  /** Final LR as a fraction of the peak (default 0.1). */
  minLrRatio?: number;
  weightDecay?: number;
  clipNorm?: number;
  /** Seed recorded with the run (the task and model carry their own seeds). */
  seed: number;
}

/** One step's report. */
export interface StepReport {
  step: number;
  loss: number;
  lr: number;
  gradNorm: number;
  /** Wall time of this step in milliseconds. */
  ms: number;
}

/** Runs optimisation steps on a model and task; owns the optimiser state. */
export class Trainer {
  /** Steps completed. */
  step = 0;
  /** Loss of every completed step. */
  readonly losses: number[] = [];
  readonly optimizer: AdamW;
  readonly #warmup: number;

  constructor(readonly model: SequenceModel, readonly task: TrainTask, readonly options: TrainOptions) {
    if (!Number.isInteger(options.steps) || options.steps <= 0) {
      throw new InputError(`steps must be a positive integer, got ${options.steps}`);
    }
    if (!(options.lr > 0)) throw new InputError(`learning rate must be > 0, got ${options.lr}`);
    this.optimizer = new AdamW(model.params, {
      weightDecay: options.weightDecay,
      clipNorm: options.clipNorm,
    });
    this.#warmup = options.warmup ?? Math.max(1, Math.round(options.steps / 10));
  }

  /** Learning rate of 1-based `step`. */
  lrAt(step: number): number {
    return cosineLr(step, {
      peak: this.options.lr,
      warmup: this.#warmup,
      total: this.options.steps,
      minRatio: this.options.minLrRatio ?? 0.1,
    });
  }

  /** Runs one step (the batch of step `this.step + 1`). */
  async next(): Promise<StepReport> {
    const t0 = performance.now();
    const step = this.step + 1;
    const lr = this.lrAt(step);
    const { value, grads } = tf.variableGrads(
      () => this.task.loss(this.model, step),
      this.model.variables(),
    );
    const norm = this.optimizer.apply(grads, lr);
    tf.dispose(Object.values(grads));
    const [loss, gradNorm] = [(await value.data())[0]!, (await norm.data())[0]!];
    value.dispose();
    norm.dispose();
    if (!Number.isFinite(loss)) {
      // Usually a learning rate too high for the model: the user can fix it, so it is an input error.
      throw new InputError(
        `training diverged: the loss became ${loss} at step ${step} (learning rate ${lr.toExponential(2)} ` +
          `at that step, peak ${this.options.lr}); lower the peak learning rate (--lr)`,
      );
    }
    this.step = step;
    this.losses.push(loss);
    return { step, loss, lr, gradNorm, ms: performance.now() - t0 };
  }

  /** Loss of the next step's batch without updating anything. */
  async peekLoss(): Promise<number> {
    const v = tf.tidy(() => this.task.loss(this.model, this.step + 1));
    const out = (await v.data())[0]!;
    v.dispose();
    return out;
  }

  /** Writes a checkpoint of weights, optimiser moments, step and loss history to `dir`. */
  async save(dir: string, run: Record<string, unknown> = {}): Promise<void> {
    await saveCheckpoint(
      dir,
      {
        step: this.step,
        optimizerT: this.optimizer.t,
        model: this.model.config,
        run: { ...run, options: this.options, task: this.task.describe() },
        losses: this.losses,
      },
      await this.model.params.toFlat(),
      await this.optimizer.toFlat(),
    );
  }

  /**
   * Restores weights, moments, step and loss history from `dir`. The model config, the optimisation
   * settings and the task (data, batch, seed) must match the checkpoint's, so that a resumed run continues
   * the same schedule on the same batches.
   */
  async restore(dir: string): Promise<void> {
    const ck = await loadCheckpoint(dir);
    const run = ck.manifest.run as { options?: object; task?: object };
    const differences = [
      ...configDifferences(ck.manifest.model, this.model.config),
      // Checkpoints written before the run settings were saved have nothing to compare.
      ...(run.options ? fieldDifferences(run.options, this.options, "") : []),
      ...(run.task ? fieldDifferences(run.task, this.task.describe(), "task.") : []),
    ];
    if (differences.length > 0) {
      throw new InputError(
        `checkpoint in ${dir} does not match this run: ${differences.join("; ")}. ` +
          "Resume with the checkpoint's settings, or use another --checkpoint folder.",
      );
    }
    this.model.params.fromFlat(ck.params);
    this.optimizer.fromFlat(ck.optimizer, ck.manifest.optimizerT);
    this.step = ck.manifest.step;
    this.losses.splice(0, this.losses.length, ...ck.manifest.losses);
  }

  /** Frees the optimiser state (the model stays). */
  dispose(): void {
    this.optimizer.dispose();
  }
}

/**
 * Lists the fields in which two model configs differ, as `field: checkpoint value ≠ requested value`.
 * A Transformer's missing `positionInit` counts as its default, `"normal"`.
 */
function configDifferences(saved: ModelConfig, requested: ModelConfig): string[] {
  const normalise = (c: ModelConfig): Record<string, unknown> =>
    c.kind === "transformer" ? { ...c, positionInit: c.positionInit ?? "normal" } : { ...c };
  return fieldDifferences(normalise(saved), normalise(requested), "");
}

/**
 * Lists the top-level fields in which two records differ, compared as JSON, as
 * `<prefix>field: checkpoint value ≠ requested value`. A missing or undefined field reads "unset".
 */
function fieldDifferences(saved: object, requested: object, prefix: string): string[] {
  const a = saved as Record<string, unknown>, b = requested as Record<string, unknown>;
  const show = (v: unknown) => JSON.stringify(v) ?? "unset";
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${prefix}${k}: checkpoint ${show(a[k])} ≠ requested ${show(b[k])}`);
}

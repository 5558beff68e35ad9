/**
 * Training for L2M Lab: AdamW with cosine schedule and clipping, Gaussian and text tasks, exact
 * KL / NLL evaluation, atomic checkpoints with exact resume, and parallel sweeps in Workers.
 * @module
 */
export * from "./adamw.ts";
export * from "./checkpoint.ts";
export * from "./evaluate.ts";
export * from "./losses.ts";
export * from "./schedule.ts";
export * from "./tasks.ts";
export * from "./trainer.ts";
export * from "./gaussian_data.ts";
export * from "./text_data.ts";
export * from "./job.ts";
export * from "./sweep.ts";
export * from "./scorer_factory.ts";
export * from "./reference_predictors.ts";

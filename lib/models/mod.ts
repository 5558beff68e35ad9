/**
 * TensorFlow.js sequence models for L2M Lab: backend selection, a GPT-2-style Transformer and a
 * Mamba-style selective SSM with text or Gaussian heads, configs with parameter counts and history-state
 * sizes, and a scorer adapter for the mutual-information estimators.
 * @module
 */
export * from "./backend.ts";
export * from "./config.ts";
export * from "./model.ts";
export * from "./params.ts";
export { bmm, causalMask, gelu, layerNorm, linear, mm, rmsNorm, silu } from "./ops.ts";
export { scanChunked, scanRecurrent } from "./scan.ts";
export { causalConv, type ScanMode } from "./ssm.ts";
export { modelScorer, type ModelScorerOptions } from "./scorer.ts";

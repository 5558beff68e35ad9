/**
 * Analytic cost and history-state accounting for architecture families (full, sliding-window, strided,
 * power-law and linear attention; Mamba-1; Mamba-2), from the configurations of published models.
 * Pure arithmetic: no tensors. Conventions (position counting, FLOP counting) are in `types.ts`.
 *
 * @example
 * ```ts
 * import { getPreset, prefillFlops, stateBytes } from "@l2m/models/arch/mod.ts";
 * const llama = getPreset("llama-3-8b").config;
 * console.assert(stateBytes(llama, 8192, "float16") === 2 * 32 * 8 * 128 * 8192 * 2);
 * console.assert(prefillFlops(llama, 8192) > 8192 * 2 * 7e9);
 * ```
 * @module
 */
export * from "./types.ts";
export { attendedSum, retainedEntries, validatePattern } from "./attention.ts";
export { gaussianHeadParameters, type ParameterBreakdown } from "./transformer.ts";
export {
  archFamily,
  decodeFlops,
  hiddenTimesLayers,
  parameterBreakdown,
  parameterCount,
  prefillFlops,
  stateBytes,
  stateFloats,
  validateArch,
} from "./cost.ts";
export { GPT2_VOCAB, gpt2Arch, llamaArch, mamba2Arch, mambaArch, withAttention } from "./builders.ts";
export { ARCH_PRESET_NAMES, ARCH_PRESETS, getPreset } from "./presets.ts";
export { PAPER_TABLE_F1, PAPER_TABLE_F2, type PaperModelRow } from "./paper_tables.ts";
export { costTable, growthTable, paperTable, presetTable } from "./table.ts";

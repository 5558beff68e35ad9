/**
 * The model configurations of the L²M paper (Chen et al., arXiv 2503.04725), Tables F.1 and F.2, as
 * functions of the trained sequence length.
 *
 * Table F.1 (synthetic Gaussian data): the token embedding and head are replaced by two-layer MLPs on 64
 * real channels, and GPT-2's learned position table has one row per position of the trained length.
 * Table F.2 (PG19 text, GPT-NeoX tokenizer): the official training script forces GPT-2's vocabulary to
 * 50432 and sets its position table to the trained length; Mamba models use their Hugging Face configs.
 * Other constants follow the Hugging Face configs (GPT-2 heads 12/16/20, FFN 4×; Mamba N 16, expand 2,
 * conv 4; Mamba-2 d_state 128, head dim 64).
 * @module
 */
import { gpt2Arch, mamba2Arch, mambaArch } from "./builders.ts";
import type { ArchConfig, HeadKind } from "./types.ts";

/** One model row of Table F.1 or F.2. */
export interface PaperModelRow {
  table: "F.1" | "F.2";
  /** The model's name as printed in the paper. */
  model: string;
  layers: number;
  hidden: number;
  /** Sequence lengths the paper trains this model at, in tokens. */
  seqLens: readonly number[];
  /** Inputs and outputs of this experiment. */
  head: HeadKind;
  /** The configuration when trained at `seqLen` tokens. */
  configAt(seqLen: number): ArchConfig;
}

const GAUSSIAN: HeadKind = { kind: "gaussian", channels: 64 };
const TEXT: HeadKind = { kind: "tokens" };
const MAMBA_LENGTHS = [64, 256, 1024, 4096, 16384] as const;
const LONG_MAMBA_LENGTHS = [64, 256, 1024, 4096] as const;
const GPT_LENGTHS = [256, 1024, 4096] as const;

function gptRow(
  table: "F.1" | "F.2",
  model: string,
  layers: number,
  hidden: number,
  heads: number,
): PaperModelRow {
  const vocabSize = table === "F.2" ? 50432 : undefined;
  return {
    table,
    model,
    layers,
    hidden,
    seqLens: table === "F.1" ? GPT_LENGTHS : [4096, 8192],
    head: table === "F.1" ? GAUSSIAN : TEXT,
    configAt: (seqLen) => gpt2Arch({ layers, dModel: hidden, heads, maxPositions: seqLen, vocabSize }),
  };
}

function mambaRow(
  table: "F.1" | "F.2",
  model: string,
  layers: number,
  hidden: number,
  seqLens: readonly number[],
): PaperModelRow {
  const config = mambaArch({ layers, dModel: hidden });
  return {
    table,
    model,
    layers,
    hidden,
    seqLens,
    head: table === "F.1" ? GAUSSIAN : TEXT,
    configAt: () => config,
  };
}

function mamba2Row(model: string, layers: number, hidden: number): PaperModelRow {
  const config = mamba2Arch({ layers, dModel: hidden });
  return {
    table: "F.1",
    model,
    layers,
    hidden,
    seqLens: GPT_LENGTHS,
    head: GAUSSIAN,
    configAt: () => config,
  };
}

/** Table F.1: models trained on the sub-volume Gaussian sequences. */
export const PAPER_TABLE_F1: readonly PaperModelRow[] = [
  gptRow("F.1", "GPT2 (125M)", 12, 768, 12),
  gptRow("F.1", "GPT2-medium (355M)", 24, 1024, 16),
  gptRow("F.1", "GPT2-large (774M)", 36, 1280, 20),
  mambaRow("F.1", "Mamba-50m", 12, 512, MAMBA_LENGTHS),
  mambaRow("F.1", "Mamba-70m", 24, 512, MAMBA_LENGTHS),
  mambaRow("F.1", "Mamba-130m", 24, 768, MAMBA_LENGTHS),
  mambaRow("F.1", "Mamba-370m", 48, 1024, LONG_MAMBA_LENGTHS),
  mambaRow("F.1", "Mamba-790m", 48, 1536, LONG_MAMBA_LENGTHS),
  mambaRow("F.1", "Mamba-1.4b", 48, 2048, LONG_MAMBA_LENGTHS),
  mamba2Row("Mamba2-130m", 24, 768),
  mamba2Row("Mamba2-370m", 48, 1024),
  mamba2Row("Mamba2-780m", 48, 1536),
];

/** Table F.2: models trained on PG19 text at 4096 and 8192 tokens. */
export const PAPER_TABLE_F2: readonly PaperModelRow[] = [
  gptRow("F.2", "GPT2 (125M)", 12, 768, 12),
  gptRow("F.2", "GPT2-medium (355M)", 24, 1024, 16),
  gptRow("F.2", "GPT2-large (774M)", 36, 1280, 20),
  mambaRow("F.2", "Mamba-130m", 24, 768, [4096, 8192]),
  mambaRow("F.2", "Mamba-370m", 48, 1024, [4096, 8192]),
  mambaRow("F.2", "Mamba-790m", 48, 1536, [4096, 8192]),
];

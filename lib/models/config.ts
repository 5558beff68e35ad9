/**
 * Model configurations, their analytic parameter counts and their history-state sizes dim z(L).
 *
 * The history state is what an autoregressive model carries from the past into the next prediction:
 * for attention the KV cache, `2 · layers · hidden · L` floats (it grows with L); for a Mamba-style SSM the
 * recurrent state plus the causal-convolution buffer, `layers · expand·hidden · (stateSize + convKernel − 1)`
 * floats (fixed in L). The L²M condition asks dim z(L) ≳ I^BP(L).
 *
 * @example
 * ```ts
 * import { historyStateSize, preset } from "@l2m/models/config.ts";
 * const c = preset("mamba-130m", { type: "tokens", vocab: 50280 });
 * console.assert(historyStateSize(c, 4096) === 24 * 1536 * (16 + 3));
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import { type ArchConfig, gpt2Arch, type HeadKind, mambaArch } from "./arch/mod.ts";

/** Input and output format of a model. */
export type IoConfig =
  /** Vectors of `channels` reals (the sub-volume Gaussian copies) in; per-channel μ and σ out. */
  | { type: "gaussian"; channels: number }
  /** Integer ids in `[0, vocab)`; tied embedding and logits. */
  | { type: "tokens"; vocab: number };

/** A GPT-2-style decoder: learned positions, pre-LN, GELU MLP of width `ffnMult·hidden`. */
export interface TransformerConfig {
  kind: "transformer";
  name: string;
  layers: number;
  hidden: number;
  heads: number;
  /** FFN width multiplier (GPT-2: 4). */
  ffnMult: number;
  /** Number of learned positions (the longest input, BOS included). */
  maxLength: number;
  /** Starting values of the learned position table (see {@link PositionInit}), by default `"normal"`. */
  positionInit?: PositionInit;
  io: IoConfig;
}

/**
 * Starting values of a Transformer's learned position table `[maxLength, hidden]`. The table is trained
 * in every case.
 * - `normal`: N(0, 0.01²) entries, as GPT-2 initialises it.
 * - `sinusoidal`: the sin/cos table of the original Transformer, wavelengths 2π·10000^(2j/D).
 * - `dyadic`: sin/cos pairs with periods 2, 4, 8, …, 2^(D/2), which spell out the binary digits of the
 *   position. On the sub-volume Gaussian, whose law depends on each position's base-4 digits, this start
 *   trains much faster than `normal`. On byte text it trains slower, because its entries are of size 1
 *   while the token embeddings start as N(0, 0.02²). gpt-text on Moby-Dick (1000 steps of 8 windows of
 *   128 bytes, peak LR 3·10⁻³) reached a held-out NLL of 2.87 nats per byte with it and 2.14 with
 *   `normal`.
 *
 * The two deterministic tables are left out of weight decay, so they keep their structure.
 */
export type PositionInit = "normal" | "sinusoidal" | "dyadic";

/** The accepted {@link PositionInit} names. */
export const POSITION_INITS: readonly PositionInit[] = ["normal", "sinusoidal", "dyadic"];

/** A Mamba-1-style selective SSM stack with RMSNorm and a final norm. */
export interface SsmConfig {
  kind: "ssm";
  name: string;
  layers: number;
  hidden: number;
  /** State size N per inner channel (Mamba: 16). */
  stateSize: number;
  /** Inner width multiplier E = expand·hidden (Mamba: 2). */
  expand: number;
  /** Causal depthwise convolution width (Mamba: 4). */
  convKernel: number;
  /** Rank of the Δ projection; `ceil(hidden/16)` in Mamba. */
  dtRank: number;
  io: IoConfig;
}

/** Any model this module builds. */
export type ModelConfig = TransformerConfig | SsmConfig;

function ioParams(io: IoConfig, d: number): number {
  if (io.type === "tokens") return io.vocab * d; // tied input/output embedding
  const c = io.channels;
  return (c * d + d + d * d + d) + (d * d + d + d * 2 * c + 2 * c);
}

/** Analytic number of trainable scalars of the model {@link buildModel} creates from `config`. */
export function parameterCount(config: ModelConfig): number {
  const d = config.hidden;
  if (config.kind === "transformer") {
    const f = config.ffnMult * d;
    const perLayer = 2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (d * f + f) + (f * d + d);
    return ioParams(config.io, d) + config.maxLength * d + config.layers * perLayer + 2 * d;
  }
  const e = config.expand * d, n = config.stateSize, r = config.dtRank, k = config.convKernel;
  const perLayer = d + d * 2 * e + (e * k + e) + e * (r + 2 * n) + (r * e + e) + e * n + e + e * d;
  return ioParams(config.io, d) + config.layers * perLayer + d;
}

/**
 * Floats in the history state after `length` tokens: the KV cache (`2·layers·hidden·length`) for a
 * Transformer, the recurrent plus convolution state (`layers·E·(N + convKernel − 1)`) for an SSM.
 */
export function historyStateSize(config: ModelConfig, length: number): number {
  if (config.kind === "transformer") return 2 * config.layers * config.hidden * length;
  const e = config.expand * config.hidden;
  return config.layers * e * (config.stateSize + config.convKernel - 1);
}

/** Returns hidden · layers, the L²M paper's proxy for an SSM's state size on the x-axis of its Fig. 3(c). */
export function hiddenTimesLayers(config: ModelConfig): number {
  return config.hidden * config.layers;
}

interface PresetShape {
  kind: "transformer" | "ssm";
  layers: number;
  hidden: number;
  heads?: number;
  stateSize?: number;
  expand?: number;
}

/**
 * Named sizes. Paper configs (Table F.1/F.2, HF constants: GPT-2 heads 12/16/20, FFN 4×; Mamba N=16,
 * expand 2, conv 4) and laptop-scale ones (`gpt-tiny…`, `ssm-…`) small enough to train on 2 CPU cores.
 */
export const PRESETS: Record<string, PresetShape> = {
  "gpt2": { kind: "transformer", layers: 12, hidden: 768, heads: 12 },
  "gpt2-medium": { kind: "transformer", layers: 24, hidden: 1024, heads: 16 },
  "gpt2-large": { kind: "transformer", layers: 36, hidden: 1280, heads: 20 },
  "mamba-50m": { kind: "ssm", layers: 12, hidden: 512 },
  "mamba-70m": { kind: "ssm", layers: 24, hidden: 512 },
  "mamba-130m": { kind: "ssm", layers: 24, hidden: 768 },
  "mamba-370m": { kind: "ssm", layers: 48, hidden: 1024 },
  "mamba-790m": { kind: "ssm", layers: 48, hidden: 1536 },
  "mamba-1.4b": { kind: "ssm", layers: 48, hidden: 2048 },
  // Laptop scale: Transformers with heads 4 wide, so that there are many attention patterns for the
  // Gaussian hierarchy (notebook 05 measures the gain), and SSMs with tiny recurrent states.
  "gpt-micro": { kind: "transformer", layers: 2, hidden: 16, heads: 4 },
  "gpt-tiny": { kind: "transformer", layers: 3, hidden: 32, heads: 8 },
  "gpt-small": { kind: "transformer", layers: 2, hidden: 64, heads: 4 },
  "gpt-text": { kind: "transformer", layers: 2, hidden: 64, heads: 4 },
  "ssm-micro": { kind: "ssm", layers: 1, hidden: 8, stateSize: 2 },
  "ssm-tiny": { kind: "ssm", layers: 1, hidden: 16, stateSize: 4 },
  "ssm-small": { kind: "ssm", layers: 2, hidden: 32, stateSize: 4 },
  "ssm-text": { kind: "ssm", layers: 4, hidden: 64, stateSize: 4 },
};

/** Overrides accepted by {@link preset}. */
export interface PresetOverrides {
  maxLength?: number;
  /** Transformers only: starting values of the position table. */
  positionInit?: PositionInit;
  stateSize?: number;
  layers?: number;
  hidden?: number;
  /** Transformers only: attention heads per layer (must divide `hidden`). */
  heads?: number;
}

/** Builds a full config for a named preset and an I/O type; `maxLength` defaults to 1024 positions. */
export function preset(name: string, io: IoConfig, overrides: PresetOverrides = {}): ModelConfig {
  const p = PRESETS[name];
  if (!p) throw new InputError(`unknown model "${name}": use one of ${Object.keys(PRESETS).join(", ")}`);
  const layers = overrides.layers ?? p.layers;
  const hidden = overrides.hidden ?? p.hidden;
  if (p.kind === "transformer") {
    return {
      kind: "transformer",
      name,
      layers,
      hidden,
      heads: overrides.heads ?? p.heads ?? 1,
      ffnMult: 4,
      maxLength: overrides.maxLength ?? 1024,
      ...(overrides.positionInit ? { positionInit: overrides.positionInit } : {}),
      io,
    };
  }
  return {
    kind: "ssm",
    name,
    layers,
    hidden,
    stateSize: overrides.stateSize ?? p.stateSize ?? 16,
    expand: p.expand ?? 2,
    convKernel: 4,
    dtRank: Math.ceil(hidden / 16),
    io,
  };
}

/** Throws an `InputError` when a config cannot be built (e.g. width not divisible by heads). */
export function validateConfig(config: ModelConfig): void {
  const positive = (v: number, what: string) => {
    if (!Number.isInteger(v) || v <= 0) {
      throw new InputError(`${config.name}: ${what} must be a positive integer, got ${v}`);
    }
  };
  positive(config.layers, "layers");
  positive(config.hidden, "hidden");
  if (config.kind === "transformer") {
    positive(config.heads, "heads");
    positive(config.maxLength, "maxLength");
    if (config.positionInit !== undefined && !POSITION_INITS.includes(config.positionInit)) {
      throw new InputError(
        `${config.name}: unknown positionInit "${config.positionInit}"; use ${POSITION_INITS.join(", ")}`,
      );
    }
    if (config.hidden % config.heads !== 0) {
      throw new InputError(
        `${config.name}: hidden ${config.hidden} is not divisible by heads ${config.heads}, so ` +
          "use a width that is a multiple of the head count",
      );
    }
  } else {
    positive(config.stateSize, "stateSize");
    positive(config.convKernel, "convKernel");
    positive(config.dtRank, "dtRank");
  }
}

/**
 * The same model in the architecture-cost module's terms, so its analytic parameter counts, state sizes
 * and FLOPs apply (`parameterCount(toArch(c), head)` equals {@link parameterCount}).
 */
export function toArch(config: ModelConfig): { arch: ArchConfig; head: HeadKind } {
  const head: HeadKind = config.io.type === "tokens" ? { kind: "tokens" } : {
    kind: "gaussian",
    channels: config.io.channels,
  };
  const vocabSize = config.io.type === "tokens" ? config.io.vocab : 1;
  if (config.kind === "transformer") {
    return {
      arch: gpt2Arch({
        layers: config.layers,
        dModel: config.hidden,
        heads: config.heads,
        vocabSize,
        maxPositions: config.maxLength,
      }),
      head,
    };
  }
  return {
    arch: mambaArch({
      layers: config.layers,
      dModel: config.hidden,
      stateSize: config.stateSize,
      expand: config.expand,
      convKernel: config.convKernel,
      dtRank: config.dtRank,
      vocabSize,
    }),
    head,
  };
}

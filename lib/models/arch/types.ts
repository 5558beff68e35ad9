/**
 * Architecture configurations for analytic cost and history-state accounting. These describe real models
 * (GPT-2, Llama, Mistral, Mamba, Mamba-2) by their published hyperparameters; nothing here builds tensors.
 *
 * Conventions used by every function of this folder:
 * - `position` ℓ counts tokens read so far (1-based). The history state "at ℓ" is what the model stores
 *   after reading tokens 1…ℓ, i.e. what it carries into the prediction of token ℓ+1. The history state
 *   z_ℓ = f(x_{1:ℓ−1}) of the L²M paper (Chen et al., arXiv 2503.04725, Def. 5.1) is therefore
 *   `stateFloats(config, ℓ − 1)`.
 * - FLOPs count 2 per multiply-add in matrix products and state updates. Norms, softmax, activations,
 *   exponentials and embedding look-ups are not counted (lower order in every family here).
 * @module
 */

/**
 * Set of past tokens a query attends to. The KV cache after ℓ tokens contains exactly the entries that the
 * query at position ℓ attended to, so the same count gives the attention cost and the state size.
 */
export type AttentionPattern =
  /** Full causal attention: all ℓ tokens. */
  | { kind: "full" }
  /** Sliding window: the last `window` tokens (Mistral's rolling-buffer cache). */
  | { kind: "sliding"; window: number }
  /**
   * Strided sparse attention: the last `window` tokens plus every `stride`-th earlier token (positions
   * j ≤ ℓ − window with j mod stride = 0), so the retained set grows as ℓ/stride.
   */
  | { kind: "strided"; window: number; stride: number }
  /**
   * Power-law retained set: the last `window` tokens plus ⌈coefficient · ℓ^gamma⌉ memory slots, capped at
   * ℓ. gamma = 1, coefficient = 1, window = 0 is full attention; gamma = 0 is a constant-size state.
   */
  | { kind: "power"; gamma: number; coefficient: number; window: number }
  /**
   * Linear attention (kernelised, φ(q)ᵀ Σ φ(k) vᵀ): a state of `featureDim × headDim` plus a `featureDim`
   * normaliser per KV head, independent of ℓ.
   */
  | { kind: "linear"; featureDim: number };

/** A decoder-only Transformer with any {@link AttentionPattern}. */
export interface TransformerArch {
  family: "transformer";
  layers: number;
  dModel: number;
  /** Query heads. */
  heads: number;
  /** Key/value heads (grouped-query attention when fewer than `heads`; must divide `heads`). */
  kvHeads: number;
  headDim: number;
  ffnDim: number;
  /** `mlp`: up and down projections (GPT-2); `gated`: gate, up and down (SwiGLU, Llama). */
  ffnKind: "mlp" | "gated";
  vocabSize: number;
  /** Rows of the learned absolute position table; 0 for rotary or no position parameters. */
  maxPositions: number;
  /** `layernorm` has a scale and a bias per channel, `rmsnorm` only a scale. */
  norm: "layernorm" | "rmsnorm";
  /** Whether the linear layers have biases (GPT-2: yes; Llama, Mistral: no). */
  bias: boolean;
  /** Whether the output head reuses the token embedding matrix. */
  tiedEmbeddings: boolean;
  attention: AttentionPattern;
}

/** Mamba-1 selective SSM stack, as in Hugging Face `MambaForCausalLM`. */
export interface MambaArch {
  family: "mamba";
  layers: number;
  dModel: number;
  /** d_inner = expand · dModel. */
  expand: number;
  /** State size N per inner channel. */
  stateSize: number;
  /** Width of the causal depthwise convolution. */
  convKernel: number;
  /** Rank of the Δ projection (`ceil(dModel / 16)` in the released models). */
  dtRank: number;
  vocabSize: number;
  tiedEmbeddings: boolean;
}

/** Mamba-2 (state-space duality) stack, as in `mamba_ssm` `Mamba2`. */
export interface Mamba2Arch {
  family: "mamba2";
  layers: number;
  dModel: number;
  /** d_inner = expand · dModel = heads · headDim. */
  expand: number;
  /** d_state N. */
  stateSize: number;
  headDim: number;
  /** Groups sharing B and C (like KV groups); must divide the number of heads. */
  groups: number;
  convKernel: number;
  vocabSize: number;
  tiedEmbeddings: boolean;
}

/** Any architecture this folder accounts for. */
export type ArchConfig = TransformerArch | MambaArch | Mamba2Arch;

/** Coarse family label used in tables and chart legends. */
export type ArchFamily =
  | "attention"
  | "sliding-window"
  | "strided-sparse"
  | "power-sparse"
  | "linear-attention"
  | "mamba"
  | "mamba2";

/** Number formats for state and weight bytes. */
export type Dtype = "float64" | "float32" | "bfloat16" | "float16" | "int8";

/** Bytes per element of each {@link Dtype}. */
export const DTYPE_BYTES: Readonly<Record<Dtype, number>> = {
  float64: 8,
  float32: 4,
  bfloat16: 2,
  float16: 2,
  int8: 1,
};

/** Input and output layers of a model, which change the embedding and head parameters. */
export type HeadKind =
  /** Token ids: an embedding table and a vocabulary-sized output head (tied or not, per config). */
  | { kind: "tokens" }
  /**
   * Real vectors of `channels` values, as in the L²M paper's synthetic Gaussian runs: a two-layer MLP
   * channels → dModel → dModel in, and dModel → dModel → 2·channels (means and scales) out.
   */
  | { kind: "gaussian"; channels: number };

/** A named configuration with the document it was taken from. */
export interface ArchPreset {
  name: string;
  /** Origin of the numbers (a config file or a paper's table). */
  source: string;
  config: ArchConfig;
}

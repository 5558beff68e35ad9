/**
 * GPT-2-style causal Transformer body: learned absolute positions, pre-LayerNorm blocks of multi-head
 * causal self-attention and a GELU MLP, and a final LayerNorm. Initialisation follows GPT-2: N(0, 0.02),
 * residual projections scaled by 1/√(2·layers). The position table starts as GPT-2's N(0, 0.01²) or,
 * on request, as a sinusoidal or dyadic table (`positionInit`).
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { TransformerConfig } from "./config.ts";
import type { ParamStore } from "./params.ts";
import { bmm, causalMask, gelu, layerNorm, linear } from "./ops.ts";

/** Creates the body's parameters (positions, blocks, final norm) in `p`. */
export function initTransformer(p: ParamStore, c: TransformerConfig): void {
  const d = c.hidden, f = c.ffnMult * c.hidden;
  const residStd = 0.02 / Math.sqrt(2 * c.layers);
  const init = c.positionInit ?? "normal";
  if (init === "normal") p.normal("wpe", [c.maxLength, d], 0.01);
  else p.fromFn("wpe", [c.maxLength, d], (i) => positionEntry(init, Math.floor(i / d), i % d, d));
  for (let l = 0; l < c.layers; l++) {
    const n = `h${l}.`;
    p.constant(n + "ln1.g", [d], 1);
    p.constant(n + "ln1.b", [d], 0);
    for (const m of ["wq", "wk", "wv"]) {
      p.normal(n + m, [d, d], 0.02);
      p.constant(n + "b" + m.slice(1), [d], 0);
    }
    p.normal(n + "wo", [d, d], residStd);
    p.constant(n + "bo", [d], 0);
    p.constant(n + "ln2.g", [d], 1);
    p.constant(n + "ln2.b", [d], 0);
    p.normal(n + "fc.w", [d, f], 0.02);
    p.constant(n + "fc.b", [f], 0);
    p.normal(n + "proj.w", [f, d], residStd);
    p.constant(n + "proj.b", [d], 0);
  }
  p.constant("lnf.g", [d], 1);
  p.constant("lnf.b", [d], 0);
}

/**
 * Returns entry (t, j) of a deterministic position table: sin for even j and cos for odd j, at angle
 * t·2π/period of the pair ⌊j/2⌋. `sinusoidal`: period 2π·10000^(2⌊j/2⌋/D). `dyadic`: period 2^(⌊j/2⌋+1).
 */
function positionEntry(kind: "sinusoidal" | "dyadic", t: number, j: number, d: number): number {
  const pair = Math.floor(j / 2);
  const angle = kind === "dyadic" ? (2 * Math.PI * t) / 2 ** (pair + 1) : t / 10000 ** ((2 * pair) / d);
  return j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
}

/** `[B,T,D] → [B·H, T, D/H]`. */
function toHeads(x: tf.Tensor, heads: number): tf.Tensor3D {
  const [b, t, d] = x.shape as [number, number, number];
  return x.reshape([b, t, heads, d / heads]).transpose([0, 2, 1, 3]).reshape([b * heads, t, d / heads]);
}

/** `[B·H, T, D/H] → [B,T,D]`. */
function fromHeads(x: tf.Tensor, b: number, heads: number): tf.Tensor3D {
  const [, t, dh] = x.shape as [number, number, number];
  return x.reshape([b, heads, t, dh]).transpose([0, 2, 1, 3]).reshape([b, t, heads * dh]);
}

/**
 * Attention structure of {@link transformerForward}. The default is dense causal attention; sparse models
 * pass their own additive mask and a map that appends extra keys and values (e.g. pooled block summaries).
 */
export interface AttentionStructure {
  /** Additive mask `[T, T + extra]` on the attention scores. */
  bias: tf.Tensor;
  /** Extends keys or values `[B·H, T, D/H]` with extra columns along time; identity when absent. */
  extendKeys?: (x: tf.Tensor3D) => tf.Tensor3D;
}

/**
 * Runs the body on embedded inputs `x [B,T,D]` (T ≤ maxLength) and returns `[B,T,D]` after the final
 * LayerNorm. With the default `structure`, position t only sees positions ≤ t.
 */
export function transformerForward(
  p: ParamStore,
  c: TransformerConfig,
  x: tf.Tensor3D,
  structure?: AttentionStructure,
): tf.Tensor3D {
  const [b, t] = x.shape as [number, number, number];
  if (t > c.maxLength) throw new RangeError(`${c.name}: input length ${t} exceeds maxLength ${c.maxLength}`);
  const h0 = tf.add(x, p.get("wpe").slice([0, 0], [t, c.hidden]));
  const mask = structure?.bias ?? causalMask(t);
  const extend = structure?.extendKeys ?? ((kv: tf.Tensor3D) => kv);
  const scale = 1 / Math.sqrt(c.hidden / c.heads);
  let h: tf.Tensor = h0;
  for (let l = 0; l < c.layers; l++) {
    const n = `h${l}.`;
    const a = layerNorm(h, p.get(n + "ln1.g"), p.get(n + "ln1.b"));
    const q = toHeads(linear(a, p.get(n + "wq"), p.get(n + "bq")), c.heads);
    const k = extend(toHeads(linear(a, p.get(n + "wk"), p.get(n + "bk")), c.heads));
    const v = extend(toHeads(linear(a, p.get(n + "wv"), p.get(n + "bv")), c.heads));
    const scores = tf.add(tf.mul(bmm(q, k.transpose([0, 2, 1])), scale), mask);
    const att = tf.softmax(scores, -1) as tf.Tensor3D;
    const ctx = fromHeads(bmm(att, v), b, c.heads);
    h = tf.add(h, linear(ctx, p.get(n + "wo"), p.get(n + "bo")));
    const m = layerNorm(h, p.get(n + "ln2.g"), p.get(n + "ln2.b"));
    const ff = linear(
      gelu(linear(m, p.get(n + "fc.w"), p.get(n + "fc.b"))),
      p.get(n + "proj.w"),
      p.get(n + "proj.b"),
    );
    h = tf.add(h, ff);
  }
  return layerNorm(h, p.get("lnf.g"), p.get("lnf.b")) as tf.Tensor3D;
}

/**
 * Differentiable building blocks shared by the models, tuned for the wasm backend.
 *
 * On wasm, `tf.matMul` with `transposeA`/`transposeB` set runs 10–18× slower than an explicit
 * `tf.transpose` followed by a plain product, and tfjs's built-in matMul gradient uses those flags. The
 * products here are wrapped in `tf.customGrad` so both the forward pass and the gradients use explicit
 * transposes only.
 *
 * Shapes in JSDoc: `B` batch, `T` time, `D` width, `K`/`N` matrix sides.
 * @module
 */
import * as tf from "@tensorflow/tfjs";

type CustomFn = Parameters<typeof tf.customGrad>[0];

const mm2Grad = tf.customGrad(
  ((a: tf.Tensor2D, b: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [
          tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)),
          tf.matMul(tf.transpose(sa), dy as tf.Tensor2D),
        ];
      },
    };
  }) as unknown as CustomFn,
);

/** Plain matrix product `[M,K]·[K,N] → [M,N]` whose gradient avoids transpose flags. */
export function mm(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return (mm2Grad as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor)(a, b) as tf.Tensor2D;
}

const bmmGrad = tf.customGrad(
  ((a: tf.Tensor3D, b: tf.Tensor3D, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as [tf.Tensor3D, tf.Tensor3D];
        const d = dy as tf.Tensor3D;
        return [
          tf.matMul(d, tf.transpose(sb, [0, 2, 1])),
          tf.matMul(tf.transpose(sa, [0, 2, 1]), d),
        ];
      },
    };
  }) as unknown as CustomFn,
);

/** Batched product `[B,M,K]·[B,K,N] → [B,M,N]` whose gradient avoids transpose flags. */
export function bmm(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return (bmmGrad as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor)(a, b) as tf.Tensor3D;
}

/** Affine map on the last axis: `x [..., K]`, `w [K, N]`, optional `bias [N]` → `[..., N]`. */
export function linear(x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const k = x.shape[x.shape.length - 1]!;
  const n = w.shape[1]!;
  const flat = x.reshape([-1, k]) as tf.Tensor2D;
  let y: tf.Tensor = mm(flat, w as tf.Tensor2D);
  if (bias) y = tf.add(y, bias);
  return y.reshape([...x.shape.slice(0, -1), n]);
}

/** Layer normalisation over the last axis with gain `g [D]` and bias `b [D]` (eps 1e-5). */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const axis = x.rank - 1;
  const mean = tf.mean(x, axis, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), axis, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, 1e-5))), g), b);
}

/** RMS normalisation over the last axis with gain `g [D]` (eps 1e-5), as in Mamba. */
export function rmsNorm(x: tf.Tensor, g: tf.Tensor): tf.Tensor {
  const ms = tf.mean(tf.square(x), x.rank - 1, true);
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, 1e-5))), g);
}

/**
 * GELU, tanh approximation (GPT-2's `gelu_new`): `½x(1 + tanh z)` with `z = √(2/π)(x + 0.044715x³)`,
 * computed as the equal `x·σ(2z)` because wasm's `Sigmoid` runs several times faster than its `Tanh`.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  // x·(1 + 0.044715·x²) rather than tf.pow(x, 3): Pow is several times slower than Square on wasm.
  const inner = tf.mul(tf.mul(x, tf.add(tf.mul(tf.square(x), 0.044715), 1)), 2 * Math.sqrt(2 / Math.PI));
  return tf.mul(x, tf.sigmoid(inner));
}

/** SiLU (swish): `x · sigmoid(x)`. */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

const maskCache = new Map<number, tf.Tensor2D>();

/** Additive causal mask `[T, T]`: 0 where key ≤ query, −1e9 above the diagonal. Cached per T; never dispose. */
export function causalMask(t: number): tf.Tensor2D {
  let mask = maskCache.get(t);
  if (!mask || mask.isDisposed) {
    const values = new Float32Array(t * t);
    for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) values[i * t + j] = -1e9;
    mask = tf.keep(tf.tensor2d(values, [t, t]));
    maskCache.set(t, mask);
  }
  return mask;
}

/** Drops cached constant tensors (masks); call after switching backends. */
export function clearOpCaches(): void {
  for (const m of maskCache.values()) if (!m.isDisposed) m.dispose();
  maskCache.clear();
}

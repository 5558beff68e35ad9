/**
 * Linear recurrences `h_t = a_t ⊙ h_{t−1} + b_t` (h_{−1} = 0) along the time axis, the core of a
 * selective SSM. {@link scanRecurrent} is the plain loop; {@link scanChunked} is the parallel form used for
 * training: a Hillis–Steele prefix scan inside chunks of `chunk` steps, a second scan over the chunks'
 * end states, and a broadcast of each chunk's carried-in state. Both take `a`, `b` of shape `[B, T, ...]`
 * and return `h` of the same shape; they agree to float rounding. Trailing axes are flattened internally
 * because high-rank elementwise kernels are very slow on wasm.
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Shifts `x` by `k` steps along `axis` (later in time), filling the first `k` slots with `fill`. */
function shift(x: tf.Tensor, axis: number, k: number, fill: number): tf.Tensor {
  const begin = x.shape.map(() => 0);
  const keep = [...x.shape];
  keep[axis] = x.shape[axis]! - k;
  const pads = x.shape.map((_, i) => (i === axis ? [k, 0] : [0, 0]) as [number, number]);
  return tf.pad(tf.slice(x, begin, keep), pads, fill);
}

/**
 * Inclusive Hillis–Steele scan along `axis`: returns the cumulative decay `A_t = ∏_{s≤t} a_s` and the
 * zero-initial-state solution `h_t`.
 */
function prefixScan(a: tf.Tensor, b: tf.Tensor, axis: number): { decay: tf.Tensor; h: tf.Tensor } {
  const n = a.shape[axis]!;
  let A = a, H = b;
  for (let k = 1; k < n; k *= 2) {
    const H2 = tf.add(tf.mul(A, shift(H, axis, k, 0)), H);
    const A2 = tf.mul(A, shift(A, axis, k, 1));
    A = A2;
    H = H2;
  }
  return { decay: A, h: H };
}

/** Plain recurrence, one step at a time: `a`, `b` `[B,T,...]` → `h` `[B,T,...]`. */
export function scanRecurrent(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const as = tf.unstack(a, 1), bs = tf.unstack(b, 1);
  const out: tf.Tensor[] = [];
  let h: tf.Tensor | null = null;
  for (let t = 0; t < as.length; t++) {
    h = h === null ? bs[t]! : tf.add(tf.mul(as[t]!, h), bs[t]!);
    out.push(h);
  }
  return tf.stack(out, 1);
}

/**
 * Chunked parallel scan with chunks of `chunk` steps (T is padded to a multiple internally). The gradient
 * is the adjoint recurrence, run as one reverse scan: with g_t = ∂L/∂h_t + a_{t+1} g_{t+1},
 * ∂L/∂b_t = g_t and ∂L/∂a_t = g_t ⊙ h_{t−1}. That costs one more scan instead of back-propagating
 * through every level of the prefix scan.
 */
export function scanChunked(a: tf.Tensor, b: tf.Tensor, chunk = 16): tf.Tensor {
  const [batch, t, ...rest] = a.shape as number[];
  const f = rest.reduce((x, y) => x * y, 1);
  const a3 = a.reshape([batch!, t!, f]), b3 = b.reshape([batch!, t!, f]);
  const op = tf.customGrad(
    ((x: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
      const h = scanRaw(x, y, chunk);
      save([x, h]);
      return {
        value: h,
        gradFunc: (dh: tf.Tensor, saved: tf.Tensor[]) => {
          const [sa, sh] = saved as [tf.Tensor, tf.Tensor];
          const next = tf.pad(tf.slice(sa, [0, 1, 0], [batch!, t! - 1, f]), [[0, 0], [0, 1], [0, 0]], 0);
          const g = tf.reverse(scanRaw(tf.reverse(next, 1), tf.reverse(dh, 1), chunk), 1);
          return [tf.mul(g, shift(sh, 1, 1, 0)), g];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0],
  );
  return (op as unknown as (x: tf.Tensor, y: tf.Tensor) => tf.Tensor)(a3, b3).reshape(a.shape);
}

/** Computes the chunked scan forward on `[B,T,...]` tensors (no custom gradient). */
function scanRaw(a: tf.Tensor, b: tf.Tensor, chunk: number): tf.Tensor {
  const [batch, t, ...rest] = a.shape as number[];
  if (rest.length !== 1) {
    // Rank-5 elementwise ops are ~100× slower on wasm than rank 4: flatten the trailing axes.
    const f = rest.reduce((x, y) => x * y, 1);
    return scanRaw(a.reshape([batch!, t!, f]), b.reshape([batch!, t!, f]), chunk).reshape(a.shape);
  }
  const q = Math.max(1, Math.min(chunk, t!));
  const nc = Math.ceil(t! / q);
  const pad = nc * q - t!;
  let ap = a, bp = b;
  if (pad > 0) {
    const padShape = [batch!, pad, ...rest];
    ap = tf.concat([a, tf.ones(padShape)], 1);
    bp = tf.concat([b, tf.zeros(padShape)], 1);
  }
  const shape5 = [batch!, nc, q, ...rest];
  const { decay, h: local } = prefixScan(ap.reshape(shape5), bp.reshape(shape5), 2);
  let h = local;
  if (nc > 1) {
    const endBegin = shape5.map((_, i) => (i === 2 ? q - 1 : 0));
    const endSize = shape5.map((s, i) => (i === 2 ? 1 : s));
    const endDecay = tf.slice(decay, endBegin, endSize).squeeze([2]);
    const endLocal = tf.slice(local, endBegin, endSize).squeeze([2]);
    const ends = prefixScan(endDecay, endLocal, 1).h; // true state at each chunk's end
    const carry = shift(ends, 1, 1, 0).expandDims(2); // state entering each chunk
    h = tf.add(local, tf.mul(decay, carry));
  }
  const out = h.reshape([batch!, nc * q, ...rest]);
  return pad > 0 ? tf.slice(out, out.shape.map(() => 0), [batch!, t!, ...rest]) : out;
}

/**
 * Faster `BatchMatMul`, `Sum` and `Reverse` kernels and a copy-free `Identity` for the wasm backend of
 * TensorFlow.js 4.22.0. The first two route work to XNNPACK's fully connected operator, which the stock
 * kernels use only in narrow cases.
 *
 * - **BatchMatMul.** The stock kernel sends a product to XNNPACK only when both operands have batch size
 *   1 and no transpose flag. Every batched product, such as attention's `[B·H, T, d]·[B·H, d, T]`, falls
 *   back to a plain C++ triple loop at about 3 GFLOP/s. For a batch of G > 1 plain products with equal
 *   batch shapes, this kernel registers G zero-copy views of the operands' wasm memory as batch-1 tensors
 *   and runs the stock kernel on each, so every slice takes XNNPACK's path. The views are unregistered
 *   right after use, which also frees the XNNPACK operator cached for them.
 * - **Reverse.** The stock kernel moves one element at a time (about 28 ns each, measured). Reversing
 *   one axis whose trailing rows are contiguous, as the SSM scan's gradient does along time, is done here
 *   with one block copy per row.
 * - **Sum.** The stock kernel transposes the reduced axes to the end before summing, so a sum over the
 *   leading axes (every bias and LayerNorm-gain gradient, `[B·T, D] → [D]`) costs a full transpose. This
 *   kernel computes such a sum as the product `1ᵀ·x` of a cached ones row and `x` viewed as
 *   `[outer, inner]`.
 *
 * - **Identity.** The stock kernel copies its input. tfjs clones every tensor that a gradient saves for the
 *   backward pass (`save` in `tf.customGrad`, and the inputs or outputs of built-in ops such as `Mul` and
 *   `Softmax`), so each training step copied every saved activation, attention's `[B·H, T, T]` scores
 *   included. This kernel shares the input's memory and counts one more reference to it, as the stock
 *   `Reshape` kernel does: tensors are immutable, and the backend frees the memory with the last
 *   reference. Alternating the two kernels in one process, a gpt-tiny step on the Gaussian data took
 *   228 ms instead of 255 ms at L = 256 and 110 ms instead of 123 ms at L = 16.
 *
 * Other calls go to the stock kernels unchanged. The kernels rely on internals of the pinned wasm backend,
 * checked on every call: the backend's `dataIdMap` entries (`memoryOffset`), its `dataIdNextNumber`
 * counter, `makeOutput`, `typedArrayFromHeap`, `incRef`, and the module's `tfjs.registerTensor` /
 * `tfjs.disposeData`.
 * If any is missing, the stock kernels run.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { initBackend } from "@l2m/models/backend.ts";
 * await initBackend({ prefer: "wasm" });
 * const a = tf.ones([4, 3, 2]), b = tf.ones([4, 2, 5]);
 * const c = tf.matMul(a, b); // [4, 3, 5], every entry 2
 * console.assert((await c.data()).every((v) => v === 2));
 * const s = tf.sum(tf.ones([300, 7]), 0); // [7], every entry 300
 * console.assert((await s.data()).every((v) => v === 300));
 * tf.dispose([a, b, c, s]);
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** The parts of the wasm backend these kernels use. */
interface WasmBackendInternals {
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  incRef(dataId: object): void;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  wasm: {
    cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
}

/**
 * Slices with fewer multiply-adds than this stay on the stock kernel, because the per-slice call overhead
 * would outweigh the faster loop (an estimate, not a measured crossover).
 */
const MIN_SLICE_MACS = 4096;

let installed = false;
let enabled = true;
/** The module's C `BatchMatMul` entry point, wrapped once per backend instance. */
const batchMatMulEntry = new WeakMap<object, (...args: unknown[]) => void>();

/**
 * Runs one `[1, M, K]·[1, K, N]` product through the stock C++ kernel, whose batch-1 path is XNNPACK, on
 * zero-copy views at the given byte offsets of wasm memory. Each operand gets a fresh tensor id that is
 * unregistered afterwards. XNNPACK caches a packed operator per right-hand tensor id, so reusing a real
 * tensor's id with a new shape would hit a stale operator and write past the output.
 */
function productOnViews(
  backend: WasmBackendInternals,
  m: number,
  k: number,
  n: number,
  aOffset: number,
  bOffset: number,
  outOffset: number,
): void {
  let run = batchMatMulEntry.get(backend);
  if (!run) {
    const types = ["number", "array", "number", "number", "array", "number", "number", "number", "number"];
    run = backend.wasm.cwrap("BatchMatMul", null, types);
    batchMatMulEntry.set(backend, run);
  }
  const { registerTensor, disposeData } = backend.wasm.tfjs;
  const views = [[m * k, aOffset], [k * n, bOffset], [m * n, outOffset]].map(([size, offset]) => {
    const id = backend.dataIdNextNumber++;
    registerTensor(id, size!, offset!);
    return id;
  });
  run(
    views[0],
    shapeBytes([1, m, k]),
    3,
    views[1],
    shapeBytes([1, k, n]),
    3,
    false,
    false,
    views[2],
  );
  for (const id of views) disposeData(id);
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

function usable(backend: unknown): backend is WasmBackendInternals {
  const b = backend as Partial<WasmBackendInternals> | null;
  return !!b && typeof b.dataIdNextNumber === "number" && typeof b.makeOutput === "function" &&
    typeof b.wasm?.cwrap === "function" && typeof b.wasm?.tfjs?.registerTensor === "function" &&
    typeof b.wasm?.tfjs?.disposeData === "function" && typeof b.dataIdMap?.get === "function" &&
    typeof b.typedArrayFromHeap === "function" && typeof b.incRef === "function";
}

/**
 * Replaces the wasm `BatchMatMul`, `Sum`, `Reverse` and `Identity` kernels with the ones described above. Calling
 * it again does nothing. Call it before the wasm backend runs its first kernel, as `initBackend` does.
 */
export function installWasmKernels(): void {
  if (installed) return;
  installed = true;
  replaceKernel("BatchMatMul", fastBatchMatMul);
  replaceKernel("Sum", fastSum);
  replaceKernel("Reverse", fastReverse);
  replaceKernel("Identity", sharedIdentity);
}

/**
 * Switches the installed kernels between their fast paths (`true`, the default) and the stock kernels
 * (`false`), so benchmarks can time both in one process.
 */
export function setFastWasmKernels(on: boolean): void {
  enabled = on;
}

/** A fast path: its output, or null when the call does not qualify and the stock kernel should run. */
type FastPath = (
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
  backend: WasmBackendInternals,
) => tf.TensorInfo | null;

/** Registers `fast` in front of the stock wasm kernel `name`, which still runs every call it declines. */
function replaceKernel(name: string, fast: FastPath): void {
  const stock = tf.getKernel(name, "wasm");
  if (!stock) return;
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel({
    ...stock,
    kernelFunc: (args) => {
      const out = enabled && usable(args.backend) ? fast(args.inputs, args.attrs ?? {}, args.backend) : null;
      return out ?? (stock.kernelFunc as tf.KernelFunc)(args);
    },
  });
}

/** Multiplies `[...batch, M, K]·[...batch, K, N]` (equal batch shapes, no transposes), one XNNPACK call a slice. */
const fastBatchMatMul: FastPath = (inputs, attrs, backend) => {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const ra = a.shape.length, rb = b.shape.length;
  const g = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const [m, k] = [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const n = b.shape[rb - 1]!;
  const plain = !transposeA && !transposeB && a.dtype === "float32" && b.dtype === "float32" && g > 1 &&
    ra === rb && b.shape[rb - 2] === k && m * k * n >= MIN_SLICE_MACS &&
    a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
  if (!plain) return null;

  // out [...batch, M, N]; slice i of a, b, out starts at i·M·K, i·K·N, i·M·N floats.
  const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], "float32");
  const [aBase, bBase, outBase] = [a, b, out].map((t) => backend.dataIdMap.get(t.dataId)!.memoryOffset);
  for (let i = 0; i < g; i++) {
    productOnViews(
      backend,
      m,
      k,
      n,
      aBase! + 4 * i * m * k,
      bBase! + 4 * i * k * n,
      outBase! + 4 * i * m * n,
    );
  }
  return out;
};

/** Cached `[1, 1, n]` rows of ones in wasm memory, per backend instance. Never disposed. */
const onesRows = new WeakMap<object, Map<number, tf.TensorInfo>>();

function onesRow(backend: WasmBackendInternals, n: number): tf.TensorInfo {
  let rows = onesRows.get(backend);
  if (!rows) onesRows.set(backend, rows = new Map());
  let row = rows.get(n);
  if (!row) {
    row = backend.makeOutput([1, 1, n], "float32");
    backend.typedArrayFromHeap(row).fill(1);
    rows.set(n, row);
  }
  return row;
}

/** Smallest number of summed rows for which the ones-row product replaces the stock `Sum` (an estimate). */
const MIN_SUM_ROWS = 16;

/** Sums float32 `x` over a leading block of axes `[0, k)`, k < rank, as the product `1ᵀ·x`. */
const fastSum: FastPath = (inputs, attrs, backend) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const k = axes.length;
  const leading = k > 0 && k < x.shape.length && axes.every((a, i) => a === i);
  const outer = x.shape.slice(0, k).reduce((p, q) => p * q, 1);
  const inner = x.shape.slice(k).reduce((p, q) => p * q, 1);
  if (!leading || x.dtype !== "float32" || outer < MIN_SUM_ROWS || inner === 0) return null;

  // [1, 1, outer] · [1, outer, inner] → [1, 1, inner]: both batch 1, so XNNPACK runs it.
  const ones = onesRow(backend, outer);
  const out = backend.makeOutput([1, 1, inner], "float32");
  const offset = (t: tf.TensorInfo) => backend.dataIdMap.get(t.dataId)!.memoryOffset;
  productOnViews(backend, 1, outer, inner, offset(ones), offset(x), offset(out));
  const keptShape = x.shape.map((d, i) => (i < k ? 1 : d));
  (out as { shape: number[] }).shape = keepDims ? keptShape : x.shape.slice(k);
  return out;
};

/** Shortest run of contiguous elements for which the row-copy `Reverse` replaces the stock one (an estimate). */
const MIN_REVERSE_ROW = 8;

/** Reverses one axis of float32 `x` when its trailing rows contain at least MIN_REVERSE_ROW elements. */
const fastReverse: FastPath = (inputs, attrs, backend) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const dims = tf.util.parseAxisParam((attrs as unknown as { dims: number | number[] }).dims, x.shape);
  const axis = dims[0]!;
  const inner = x.shape.slice(axis + 1).reduce((p, q) => p * q, 1);
  if (dims.length !== 1 || x.dtype !== "float32" || inner < MIN_REVERSE_ROW) return null;

  // x viewed as [outer, n, inner]: row j of block o moves to row n − 1 − j, one block copy per row.
  const outer = x.shape.slice(0, axis).reduce((p, q) => p * q, 1);
  const n = x.shape[axis]!;
  const out = backend.makeOutput([...x.shape], "float32");
  const src = backend.typedArrayFromHeap(x), dst = backend.typedArrayFromHeap(out);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let j = 0; j < n; j++) {
      const from = base + j * inner;
      dst.set(src.subarray(from, from + inner), base + (n - 1 - j) * inner);
    }
  }
  return out;
};

/** Returns a tensor that shares the memory of numeric `x` instead of a copy of it. */
const sharedIdentity: FastPath = (inputs, _attrs, backend) => {
  const { x } = inputs as { x: tf.TensorInfo };
  if (x.dtype === "string") return null;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};

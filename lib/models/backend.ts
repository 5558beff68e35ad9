/**
 * TensorFlow.js backend selection for Deno: WebGPU on a real GPU, else WebAssembly (SIMD), else plain JS.
 *
 * A software WebGPU adapter (llvmpipe, SwiftShader, any adapter flagged `isFallbackAdapter`) runs about
 * 10× slower than wasm here, so `auto` skips it; ask for it explicitly with `prefer: "webgpu"`. The env
 * variable `L2M_BACKEND` (`webgpu`, `wasm`, `cpu`, `auto`) overrides the default when no `prefer` is given.
 *
 * The wasm backend lacks an `UnsortedSegmentSum` kernel, which is the gradient of `tf.gather`, so embedding
 * layers cannot train on it; {@link initBackend} registers a JS implementation before any tensor exists.
 *
 * @example
 * ```ts
 * import { initBackend } from "@l2m/models/backend.ts";
 * const info = await initBackend({ prefer: "cpu" });
 * console.assert(info.name === "cpu");
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-backend-webgpu";
import { InputError } from "../util/errors.ts";
import { clearOpCaches } from "./ops.ts";
import { installWasmKernels } from "./wasm_kernels.ts";

/** A backend this project can run on. */
export type BackendName = "webgpu" | "wasm" | "cpu";

/** The backend {@link initBackend} selected, with the reason for the choice. */
export interface BackendInfo {
  name: BackendName;
  /** Adapter description for webgpu (e.g. `llvmpipe (LLVM 15.0.6, 256 bits)`), else empty. */
  adapter: string;
  /** True when the webgpu adapter is a software rasteriser. */
  softwareGpu: boolean;
  /** One line saying why this backend was chosen. */
  reason: string;
}

/** Options of {@link initBackend}. */
export interface BackendOptions {
  /** `auto` (default: webgpu on real hardware → wasm → cpu) or one backend to force. */
  prefer?: BackendName | "auto";
}

/** Description of the WebGPU adapter Deno exposes, if any. */
export interface GpuAdapterSummary {
  available: boolean;
  software: boolean;
  description: string;
}

const SOFTWARE_PATTERN = /llvmpipe|swiftshader|softpipe|lavapipe|software|basic render/i;

/** Returns true when an adapter's info marks it as a software (CPU-emulated) device. */
export function isSoftwareAdapter(info: { isFallbackAdapter?: boolean; [k: string]: unknown }): boolean {
  if (info.isFallbackAdapter === true) return true;
  const text = ["vendor", "architecture", "device", "description"].map((k) => String(info[k] ?? "")).join(
    " ",
  );
  return SOFTWARE_PATTERN.test(text);
}

/** Asks `navigator.gpu` for an adapter and reports whether it is real hardware. */
export async function probeGpu(): Promise<GpuAdapterSummary> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return { available: false, software: false, description: "navigator.gpu is undefined" };
  try {
    const adapter = await gpu.requestAdapter() as
      | { info?: Record<string, unknown>; isFallbackAdapter?: boolean }
      | null;
    if (!adapter) return { available: false, software: false, description: "no WebGPU adapter" };
    // GPUAdapterInfo exposes its fields as getters, so copy them by name (spreading yields {}).
    const raw = (adapter.info ?? {}) as Record<string, unknown>;
    const info: Record<string, unknown> = {};
    for (const k of ["vendor", "architecture", "device", "description", "isFallbackAdapter"]) {
      info[k] = raw[k];
    }
    const fallback = adapter.isFallbackAdapter ?? info.isFallbackAdapter;
    const summary = { ...info, isFallbackAdapter: fallback === true };
    return {
      available: true,
      software: isSoftwareAdapter(summary),
      description: String(info.description || info.device || info.vendor || "unknown adapter"),
    };
  } catch (error) {
    return { available: false, software: false, description: `requestAdapter failed: ${error}` };
  }
}

let wasmKernelRegistered = false;

/**
 * Registers a JS `UnsortedSegmentSum` for wasm: `x` `[N, ...inner]` (or any shape whose prefix is the
 * ids' shape), `segmentIds` int32 with that prefix shape, output `[numSegments, ...inner]`.
 */
export function registerWasmSegmentSum(): void {
  if (wasmKernelRegistered) return;
  wasmKernelRegistered = true;
  tf.registerKernel({
    kernelName: "UnsortedSegmentSum",
    backendName: "wasm",
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      // deno-lint-ignore no-explicit-any
      const b = backend as any;
      const xs = b.readSync(x.dataId) as Float32Array;
      const ids = b.readSync(segmentIds.dataId) as Int32Array;
      const inner = ids.length === 0 ? 0 : xs.length / ids.length;
      const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      const out = b.makeOutput(outShape, x.dtype);
      const values = b.typedArrayFromHeap(out) as Float32Array;
      values.fill(0);
      for (let i = 0; i < ids.length; i++) {
        const s = ids[i]!;
        if (s < 0 || s >= numSegments) continue;
        const src = i * inner, dst = s * inner;
        for (let j = 0; j < inner; j++) values[dst + j]! += xs[src + j]!;
      }
      return out;
    },
  });
}

function parseBackend(value: string, where: string): BackendName | "auto" {
  if (value === "auto" || value === "webgpu" || value === "wasm" || value === "cpu") return value;
  throw new InputError(`${where}: unknown backend "${value}"; use auto, webgpu, wasm or cpu`);
}

/** Folder URL of the wasm binaries inside node_modules. */
export function wasmDistUrl(): string {
  return new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).href;
}

let current: BackendInfo | null = null;

/** Returns the backend selected by the last {@link initBackend}, or null before the first call. */
export function currentBackend(): BackendInfo | null {
  return current;
}

/**
 * Selects and initialises a backend. Safe to call repeatedly; switching backends keeps no tensors alive
 * across the switch, so call it before building models.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  let prefer = options.prefer;
  if (!prefer) {
    let env: string | undefined;
    try {
      env = Deno.env.get("L2M_BACKEND") || undefined;
    } catch { /* no env permission */ }
    prefer = env ? parseBackend(env, "L2M_BACKEND") : "auto";
  } else {
    prefer = parseBackend(prefer, "backend option");
  }
  registerWasmSegmentSum();
  installWasmKernels();
  const gpu = prefer === "auto" || prefer === "webgpu" ? await probeGpu() : null;

  const tryWebgpu = async (reason: string): Promise<BackendInfo | null> => {
    if (!gpu?.available) return null;
    if (!(await tf.setBackend("webgpu").catch(() => false))) return null;
    await tf.ready();
    return { name: "webgpu", adapter: gpu.description, softwareGpu: gpu.software, reason };
  };
  const tryWasm = async (reason: string): Promise<BackendInfo | null> => {
    setWasmPaths(wasmDistUrl());
    if (!(await tf.setBackend("wasm").catch(() => false))) return null;
    await tf.ready();
    return { name: "wasm", adapter: "", softwareGpu: false, reason };
  };
  const useCpu = async (reason: string): Promise<BackendInfo> => {
    await tf.setBackend("cpu");
    await tf.ready();
    return { name: "cpu", adapter: "", softwareGpu: false, reason };
  };

  clearOpCaches();
  let info: BackendInfo | null = null;
  if (prefer === "webgpu") {
    info = await tryWebgpu(`requested webgpu (${gpu?.software ? "software" : "hardware"} adapter)`);
    if (!info) throw new InputError(`backend webgpu requested but unavailable: ${gpu?.description}`);
  } else if (prefer === "wasm") {
    info = await tryWasm("requested wasm");
    if (!info) throw new InputError("backend wasm requested but failed to initialise");
  } else if (prefer === "cpu") {
    info = await useCpu("requested cpu");
  } else {
    if (gpu?.available && !gpu.software) info = await tryWebgpu("hardware WebGPU adapter found");
    const why = gpu?.available ? `WebGPU adapter is software (${gpu.description})` : "no WebGPU adapter";
    info ??= await tryWasm(`${why}; wasm SIMD`);
    info ??= await useCpu(`${why}; wasm failed to initialise`);
  }
  current = info;
  return info;
}

/**
 * Training checkpoints in a folder:
 *
 * - `state-<step>.bin`: little-endian float32 model parameters followed by the AdamW moments (m, v);
 * - `checkpoint.json`: step, optimiser counter, sizes, model config, run options and loss history, plus
 *   the name of the `.bin` it belongs to.
 *
 * The `.bin` is written atomically first, then the manifest atomically, then older `.bin` files are
 * removed; a kill at any point leaves a consistent (manifest, state) pair. The data stream needs no saved
 * RNG state: every batch is drawn from a generator seeded by (seed, step), so the step number is the state.
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomic.ts";
import { InputError } from "../util/errors.ts";
import type { ModelConfig } from "../models/config.ts";

/** Contents of `checkpoint.json`. */
export interface CheckpointManifest {
  format: "l2m-checkpoint-1";
  step: number;
  optimizerT: number;
  paramCount: number;
  stateFile: string;
  model: ModelConfig;
  /** Options the run was started with (seed, lr, steps, task description, …). */
  run: Record<string, unknown>;
  /** Loss after each step so far. */
  losses: number[];
  savedAt: string;
}

/** Writes a checkpoint; see the module doc for the layout and atomicity. */
export async function saveCheckpoint(
  dir: string,
  manifest: Omit<CheckpointManifest, "format" | "stateFile" | "savedAt" | "paramCount">,
  params: Float32Array,
  optimizer: Float32Array,
): Promise<void> {
  const stateFile = `state-${manifest.step}.bin`;
  const bytes = new Uint8Array(4 * (params.length + optimizer.length));
  const view = new Float32Array(bytes.buffer);
  view.set(params, 0);
  view.set(optimizer, params.length);
  await writeFileAtomic(join(dir, stateFile), bytes);
  const full: CheckpointManifest = {
    format: "l2m-checkpoint-1",
    ...manifest,
    paramCount: params.length,
    stateFile,
    savedAt: new Date().toISOString(),
  };
  await writeJsonAtomic(join(dir, "checkpoint.json"), full);
  for (const entry of Deno.readDirSync(dir)) {
    if (/^state-\d+\.bin$/.test(entry.name) && entry.name !== stateFile) {
      await Deno.remove(join(dir, entry.name)).catch(() => {});
    }
  }
}

/** A loaded checkpoint. */
export interface LoadedCheckpoint {
  manifest: CheckpointManifest;
  params: Float32Array;
  optimizer: Float32Array;
}

/**
 * Reads and checks `checkpoint.json` in `dir`; throws an `InputError` naming the file and the bad field
 * when it is missing, unreadable or incomplete.
 */
export async function readCheckpointManifest(dir: string): Promise<CheckpointManifest> {
  const path = join(dir, "checkpoint.json");
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw new InputError(`no readable checkpoint.json in ${dir} (${(error as Error).message}); train first`);
  }
  if (manifest?.format !== "l2m-checkpoint-1") {
    throw new InputError(`${path} has unknown format ${manifest?.format}; expected l2m-checkpoint-1`);
  }
  const checks: [keyof CheckpointManifest, boolean][] = [
    ["step", Number.isInteger(manifest.step) && manifest.step >= 0],
    ["optimizerT", Number.isInteger(manifest.optimizerT) && manifest.optimizerT >= 0],
    ["paramCount", Number.isInteger(manifest.paramCount) && manifest.paramCount > 0],
    ["stateFile", typeof manifest.stateFile === "string" && /^state-\d+\.bin$/.test(manifest.stateFile)],
    ["model", typeof manifest.model === "object" && manifest.model !== null],
    ["run", typeof manifest.run === "object" && manifest.run !== null],
    ["losses", Array.isArray(manifest.losses)],
  ];
  for (const [field, ok] of checks) {
    if (!ok) {
      throw new InputError(
        `${path} has a missing or invalid "${field}" (${JSON.stringify(manifest[field])}); ` +
          "the checkpoint is damaged: delete the folder and train again",
      );
    }
  }
  return manifest;
}

/** Reads a checkpoint folder; throws an `InputError` naming the folder when it is missing or corrupt. */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const manifest = await readCheckpointManifest(dir);
  const bytes = await Deno.readFile(join(dir, manifest.stateFile)).catch((error) => {
    throw new InputError(
      `${dir}/checkpoint.json names ${manifest.stateFile}, which cannot be read (${error.message}); ` +
        "the checkpoint is damaged: delete the folder and train again",
    );
  });
  const n = manifest.paramCount;
  if (bytes.length !== 4 * 3 * n) {
    throw new InputError(`${dir}/${manifest.stateFile} has ${bytes.length} bytes, expected ${12 * n}`);
  }
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  return { manifest, params: all.slice(0, n), optimizer: all.slice(n) };
}

/** True when `dir` holds a checkpoint manifest. */
export function hasCheckpoint(dir: string): boolean {
  try {
    return Deno.statSync(join(dir, "checkpoint.json")).isFile;
  } catch {
    return false;
  }
}

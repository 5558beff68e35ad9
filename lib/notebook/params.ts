/**
 * Run parameters of a notebook. The headless runner passes them to each kernel through environment
 * variables; a notebook opened interactively gets the defaults (`default` scale, seed 0).
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `L2M_SCALE` | `quick`, `default` or `paper` | `default` |
 * | `L2M_SEED` | integer seed for every random draw | `0` |
 * | `L2M_RESULTS` | folder for tables and manifests | `<project>/results` |
 *
 * @example
 * ```ts
 * import { byScale, notebookParams } from "@l2m/notebook/params.ts";
 * const { scale } = notebookParams();
 * const steps = byScale(scale, { quick: 50, default: 500, paper: 500_000 });
 * console.assert(steps > 0);
 * ```
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../util/errors.ts";

/** Size of a run: `quick` for tests, `default` for a 2-core laptop, `paper` for the paper's settings. */
export type Scale = "quick" | "default" | "paper";

/** All scales, smallest first. */
export const SCALES: readonly Scale[] = ["quick", "default", "paper"];

/** Parameters a notebook reads from its runner. */
export interface NotebookParams {
  scale: Scale;
  seed: number;
  /** Absolute folder under which each notebook writes `results/<notebook>/`. */
  resultsRoot: string;
}

/** Absolute path of the project root (the folder holding `deno.json`). */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** Parses a scale name, throwing an `InputError` that lists the valid names. */
export function parseScale(value: string): Scale {
  if ((SCALES as readonly string[]).includes(value)) return value as Scale;
  throw new InputError(`invalid scale "${value}": use one of ${SCALES.join(", ")}`);
}

/** Parses a seed: a non-negative safe integer. */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InputError(`invalid seed "${value}": use a non-negative integer such as 0 or 7`);
  }
  return seed;
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: fall back to defaults
  }
}

/** Reads the run parameters from the environment, falling back to the interactive defaults. */
export function notebookParams(): NotebookParams {
  const scale = readEnv("L2M_SCALE");
  const seed = readEnv("L2M_SEED");
  return {
    scale: scale ? parseScale(scale) : "default",
    seed: seed ? parseSeed(seed) : 0,
    resultsRoot: readEnv("L2M_RESULTS") ?? join(PROJECT_ROOT, "results"),
  };
}

/** Picks the value for `scale` from a table with one entry per scale. */
export function byScale<T>(scale: Scale, values: Record<Scale, T>): T {
  return values[scale];
}

/**
 * The L²M paper's published mutual-information values (digitised points and legend fits for PG19 and
 * Wikipedia, measured with LLaMA-3.1-405B), read from `datasets/paper_reference/` for overlays.
 * See `datasets/paper_reference/README.md` for the source and the meaning of each column.
 *
 * @example
 * ```ts
 * import { paperFits, paperPoints } from "@l2m/info/paper_reference.ts";
 * const vclub = (await paperPoints()).filter((p) => p.dataset === "pg19" && p.series === "vclub");
 * console.assert(vclub.length === 10);
 * console.assert((await paperFits()).some((f) => f.series === "direct" && f.exponent === 0.76));
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { InputError } from "../util/errors.ts";

/** Folder of the reference files. */
export const PAPER_REFERENCE_DIR: string = fileURLToPath(
  new URL("../../datasets/paper_reference", import.meta.url),
);

/** One digitised point. */
export interface PaperPoint {
  figure: string;
  dataset: string;
  series: string;
  xName: string;
  x: number;
  y: number;
}

/** One legend fit `prefactor · x^exponent` (for two-point MI the exponent is −α, stored as α). */
export interface PaperFit {
  figure: string;
  dataset: string;
  series: string;
  law: string;
  prefactor: number;
  exponent: number;
  xName: string;
}

async function readCsv(name: string): Promise<Record<string, string>[]> {
  const path = `${PAPER_REFERENCE_DIR}/${name}`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    throw new InputError(`paper reference file ${path} is missing: restore it from git`);
  }
  const [header, ...lines] = text.trim().split("\n");
  const keys = header!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [keys[i]!, v])));
}

/** Reads `mi_points.csv`. */
export async function paperPoints(): Promise<PaperPoint[]> {
  return (await readCsv("mi_points.csv")).map((r) => ({
    figure: r.figure!,
    dataset: r.dataset!,
    series: r.series!,
    xName: r.x_name!,
    x: Number(r.x),
    y: Number(r.y),
  }));
}

/** Reads `mi_fits.csv`. */
export async function paperFits(): Promise<PaperFit[]> {
  return (await readCsv("mi_fits.csv")).map((r) => ({
    figure: r.figure!,
    dataset: r.dataset!,
    series: r.series!,
    law: r.law!,
    prefactor: Number(r.prefactor),
    exponent: Number(r.exponent),
    xName: r.x_name!,
  }));
}

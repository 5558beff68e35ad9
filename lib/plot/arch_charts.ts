/**
 * Charts of architecture cost against context length, computed from `lib/models/arch` formulas: time
 * (prefill and per-token decode FLOPs) and memory (history-state bytes) on log-log axes, and the history
 * state per position for chosen models.
 *
 * @example
 * ```ts
 * import { getPreset } from "@l2m/models/arch/mod.ts";
 * import { costVsLengthFigure } from "@l2m/plot/arch_charts.ts";
 * const fig = costVsLengthFigure([getPreset("gpt2"), getPreset("mamba-130m")], [256, 1024, 4096]);
 * console.assert(fig.data.length === 6); // two presets × three panels
 * ```
 * @module
 */
import type { Data } from "plotly.js-dist-min";
import {
  type ArchPreset,
  decodeFlops,
  type Dtype,
  prefillFlops,
  stateBytes,
  stateFloats,
} from "../models/arch/mod.ts";
import { InputError } from "../util/errors.ts";
import { chart, series } from "./charts.ts";
import type { Figure } from "./figure.ts";
import { subplots } from "./subplots.ts";

function checkInputs(presets: readonly ArchPreset[], lengths: readonly number[]): void {
  if (presets.length === 0) throw new InputError("invalid presets: pass at least one architecture preset");
  if (lengths.length < 2) {
    throw new InputError("invalid lengths: pass at least two context lengths to draw a curve");
  }
}

/** Options of {@link costVsLengthFigure}. */
export interface CostFigureOptions {
  /** Element type of the cached state (default float16, the usual inference format). */
  dtype?: Dtype;
  title?: string;
}

/**
 * Draws three log-log panels against context length L, one line per preset: (a) FLOPs of a forward pass
 * over L tokens, (b) FLOPs to generate the token at position L, (c) history-state bytes after L tokens.
 */
export function costVsLengthFigure(
  presets: readonly ArchPreset[],
  lengths: readonly number[],
  options: CostFigureOptions = {},
): Figure {
  checkInputs(presets, lengths);
  const dtype = options.dtype ?? "float16";
  const prefill: Data[] = [];
  const decode: Data[] = [];
  const memory: Data[] = [];
  presets.forEach((preset, index) => {
    const common = {
      name: preset.name,
      x: lengths,
      colorIndex: index,
      legendgroup: preset.name,
      mode: "lines" as const,
    };
    prefill.push(series({ ...common, y: lengths.map((l) => prefillFlops(preset.config, l)) }));
    decode.push(
      series({ ...common, y: lengths.map((l) => decodeFlops(preset.config, l)), showlegend: false }),
    );
    memory.push(
      series({ ...common, y: lengths.map((l) => stateBytes(preset.config, l, dtype)), showlegend: false }),
    );
  });
  const x = { title: "context length L (tokens)", log: true };
  return subplots(
    [
      { title: "prefill: FLOPs for L tokens", x, y: { title: "FLOPs", log: true }, data: prefill },
      { title: "decode: FLOPs for the token at L", x, y: { title: "FLOPs", log: true }, data: decode },
      { title: `memory: history state (${dtype})`, x, y: { title: "bytes", log: true }, data: memory },
    ],
    { title: options.title, height: 420 },
  );
}

/** Options of {@link stateVsPositionFigure}. */
export interface StateFigureOptions {
  /** Log-log axes (default) or linear ones, where KV caches are straight lines and SSM states flat. */
  log?: boolean;
  title?: string;
}

/**
 * Draws the history-state size dim z (floats) after ℓ tokens for each preset: a KV cache grows with ℓ,
 * a recurrent state stays constant, a sliding window saturates.
 */
export function stateVsPositionFigure(
  presets: readonly ArchPreset[],
  positions: readonly number[],
  options: StateFigureOptions = {},
): Figure {
  checkInputs(presets, positions);
  const log = options.log ?? true;
  const data = presets.map((preset, index) =>
    series({
      name: preset.name,
      x: positions,
      y: positions.map((l) => stateFloats(preset.config, l)),
      colorIndex: index,
      mode: "lines",
    })
  );
  return chart({
    title: options.title,
    x: { title: "position ℓ (tokens read)", log },
    y: { title: "history state dim z (floats)", log },
    data,
  });
}

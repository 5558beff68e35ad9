/**
 * Arquero tables of architecture presets: parameters, history-state size and FLOPs at chosen context
 * lengths, the L²M paper's Tables F.1/F.2, and growth exponents of state and time measured from the formulas.
 *
 * @example
 * ```ts
 * import { costTable, getPreset } from "@l2m/models/arch/mod.ts";
 * const t = costTable([getPreset("gpt2"), getPreset("mamba-130m")], [1024, 4096]);
 * console.assert(t.numRows() === 4);
 * ```
 * @module
 */
import { type ColumnTable, table } from "arquero";
import { InputError } from "../../util/errors.ts";
import { requirePositiveInteger } from "./attention.ts";
import {
  archFamily,
  decodeFlops,
  hiddenTimesLayers,
  parameterCount,
  prefillFlops,
  stateBytes,
  stateFloats,
} from "./cost.ts";
import { PAPER_TABLE_F1, PAPER_TABLE_F2, type PaperModelRow } from "./paper_tables.ts";
import { ARCH_PRESETS } from "./presets.ts";
import type { ArchPreset, Dtype } from "./types.ts";

function checkLengths(lengths: readonly number[]): void {
  if (lengths.length === 0) throw new InputError("invalid lengths: expected at least one context length");
  for (const l of lengths) requirePositiveInteger("length", l);
}

/**
 * Tabulates one row per preset: name, family, layers, d_model, params, hidden_x_layers, and `dim_z_<L>` (history-state
 * floats after L tokens) for each length.
 */
export function presetTable(
  presets: readonly ArchPreset[] = ARCH_PRESETS,
  lengths: readonly number[] = [1024, 8192, 131072],
): ColumnTable {
  checkLengths(lengths);
  const columns: Record<string, (string | number)[]> = {
    name: [],
    family: [],
    layers: [],
    d_model: [],
    params: [],
    hidden_x_layers: [],
  };
  for (const l of lengths) columns[`dim_z_${l}`] = [];
  for (const p of presets) {
    columns.name!.push(p.name);
    columns.family!.push(archFamily(p.config));
    columns.layers!.push(p.config.layers);
    columns.d_model!.push(p.config.dModel);
    columns.params!.push(parameterCount(p.config));
    columns.hidden_x_layers!.push(hiddenTimesLayers(p.config));
    for (const l of lengths) columns[`dim_z_${l}`]!.push(stateFloats(p.config, l));
  }
  return table(columns);
}

/**
 * Tabulates costs in long format, one row per preset and length: state_floats and state_bytes after L tokens, prefill_flops
 * for a context of L tokens, decode_flops for the token at position L.
 */
export function costTable(
  presets: readonly ArchPreset[],
  lengths: readonly number[],
  dtype: Dtype = "float16",
): ColumnTable {
  checkLengths(lengths);
  const rows = {
    name: [] as string[],
    family: [] as string[],
    length: [] as number[],
    state_floats: [] as number[],
    state_bytes: [] as number[],
    prefill_flops: [] as number[],
    decode_flops: [] as number[],
  };
  for (const p of presets) {
    const family = archFamily(p.config);
    for (const l of lengths) {
      rows.name.push(p.name);
      rows.family.push(family);
      rows.length.push(l);
      rows.state_floats.push(stateFloats(p.config, l));
      rows.state_bytes.push(stateBytes(p.config, l, dtype));
      rows.prefill_flops.push(prefillFlops(p.config, l));
      rows.decode_flops.push(decodeFlops(p.config, l));
    }
  }
  return table(rows);
}

/**
 * Measures log-log slopes between two lengths: state_exponent ≈ d log dim z / d log L and time_exponent ≈
 * d log prefill FLOPs / d log L. At long lengths these approach 1 and 2 for full attention, 0 and 1 for
 * SSMs and linear attention, and γ and 1 + γ for the power-law pattern.
 */
export function growthTable(presets: readonly ArchPreset[], from: number, to: number): ColumnTable {
  requirePositiveInteger("from", from);
  requirePositiveInteger("to", to);
  if (to <= from) throw new InputError(`invalid range from = ${from}, to = ${to}: expected from < to`);
  const span = Math.log(to / from);
  return table({
    name: presets.map((p) => p.name),
    family: presets.map((p) => archFamily(p.config)),
    state_exponent: presets.map((p) =>
      Math.log(stateFloats(p.config, to) / stateFloats(p.config, from)) / span
    ),
    time_exponent: presets.map((p) =>
      Math.log(prefillFlops(p.config, to) / prefillFlops(p.config, from)) / span
    ),
  });
}

/**
 * Tabulates Table F.1 or F.2 of the L²M paper, one row per model and trained length. Columns: layers,
 * hidden, parameters (with the experiment's inputs and outputs), hidden × layers, and dim z at L/2
 * (where the capacity bound is evaluated) and at L.
 */
export function paperTable(tableId: "F.1" | "F.2"): ColumnTable {
  if (tableId !== "F.1" && tableId !== "F.2") {
    throw new InputError(`invalid table "${tableId}": use "F.1" or "F.2"`);
  }
  const rows: readonly PaperModelRow[] = tableId === "F.1" ? PAPER_TABLE_F1 : PAPER_TABLE_F2;
  const out = {
    model: [] as string[],
    layers: [] as number[],
    hidden: [] as number[],
    seq_len: [] as number[],
    params: [] as number[],
    hidden_x_layers: [] as number[],
    dim_z_half: [] as number[],
    dim_z_full: [] as number[],
  };
  for (const row of rows) {
    for (const seqLen of row.seqLens) {
      const config = row.configAt(seqLen);
      out.model.push(row.model);
      out.layers.push(row.layers);
      out.hidden.push(row.hidden);
      out.seq_len.push(seqLen);
      out.params.push(parameterCount(config, row.head));
      out.hidden_x_layers.push(hiddenTimesLayers(config));
      out.dim_z_half.push(stateFloats(config, seqLen / 2));
      out.dim_z_full.push(stateFloats(config, seqLen));
    }
  }
  return table(out);
}

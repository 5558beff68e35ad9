import assert from "node:assert/strict";
import { getPreset, prefillFlops, stateBytes, stateFloats } from "../models/arch/mod.ts";
import { InputError } from "../util/errors.ts";
import { costVsLengthFigure, stateVsPositionFigure } from "./arch_charts.ts";

type Trace = { name: string; x: number[]; y: number[]; xaxis?: string; showlegend?: boolean };

const PRESETS = [getPreset("gpt2"), getPreset("mamba-130m"), getPreset("mistral-7b")];
const LENGTHS = [256, 4096, 65536];

Deno.test("cost figure traces follow the formulas", () => {
  const fig = costVsLengthFigure(PRESETS, LENGTHS, { dtype: "float32" });
  const traces = fig.data as unknown as Trace[];
  assert.equal(traces.length, 9);
  const prefill = traces.filter((t) => t.xaxis === "x");
  const memory = traces.filter((t) => t.xaxis === "x3");
  assert.deepEqual(prefill.map((t) => t.name), ["gpt2", "mamba-130m", "mistral-7b"]);
  assert.deepEqual(prefill[0]!.y, LENGTHS.map((l) => prefillFlops(PRESETS[0]!.config, l)));
  assert.deepEqual(memory[2]!.y, LENGTHS.map((l) => stateBytes(PRESETS[2]!.config, l, "float32")));
  assert.equal(traces.filter((t) => t.showlegend === false).length, 6);
  const layout = fig.layout as Record<string, { type?: string }>;
  for (const axis of ["xaxis", "yaxis", "xaxis2", "yaxis2", "xaxis3", "yaxis3"]) {
    assert.equal(layout[axis]?.type, "log", axis);
  }
});

Deno.test("state figure is flat for Mamba", () => {
  const fig = stateVsPositionFigure(PRESETS, LENGTHS, { log: false });
  const traces = fig.data as unknown as Trace[];
  assert.deepEqual(traces[0]!.y, LENGTHS.map((l) => stateFloats(PRESETS[0]!.config, l)));
  assert.equal(new Set(traces[1]!.y).size, 1);
  assert.equal((fig.layout.xaxis as { type?: string }).type, "linear");
});

Deno.test("cost figure rejects empty input", () => {
  assert.throws(() => costVsLengthFigure([], LENGTHS), InputError);
  assert.throws(() => costVsLengthFigure(PRESETS, [1024]), InputError);
  assert.throws(() => stateVsPositionFigure(PRESETS, [0, -5]), InputError);
});

import assert from "node:assert/strict";
import { subvolumeGaussian } from "../gaussian/subvolume.ts";
import { linearPredictorKl } from "./reference_predictors.ts";

const g = subvolumeGaussian({ family: 1, layers: 2 });
const contextFree = g.conditionalStd().reduce((a, s) => a - Math.log(s), 0) / g.length;

Deno.test("a window covering the whole past is exact for the positional predictor", () => {
  assert.ok(Math.abs(linearPredictorKl(g, g.length - 1, "positional")) < 1e-9);
});

Deno.test("window 0 gives the context-free KL for both predictors", () => {
  assert.ok(Math.abs(linearPredictorKl(g, 0, "positional") - contextFree) < 1e-9);
  assert.ok(Math.abs(linearPredictorKl(g, 0, "position-blind") - contextFree) < 1e-9);
});

Deno.test("longer windows help and knowing the position never hurts", () => {
  let prev = Infinity;
  for (const k of [1, 2, 4, 8]) {
    const pos = linearPredictorKl(g, k, "positional"), blind = linearPredictorKl(g, k, "position-blind");
    assert.ok(pos <= prev + 1e-12, `positional KL rose at window ${k}`);
    assert.ok(blind >= pos - 1e-12, `position-blind beat positional at window ${k}`);
    prev = pos;
  }
});

Deno.test("bad windows are rejected", () => {
  assert.throws(() => linearPredictorKl(g, -1, "positional"), /window/);
  assert.throws(() => linearPredictorKl(g, 1.5, "positional"), /window/);
});

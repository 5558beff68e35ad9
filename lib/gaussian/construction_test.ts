import assert from "node:assert/strict";
import { boundaryTransform, buildLevels, mixingMatrix, resolveSpec, reversedRows } from "./construction.ts";
import { InputError } from "../util/errors.ts";

Deno.test("mixing matrix has unit rows and inner products -1/4", () => {
  const m = mixingMatrix();
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let dot = 0;
      for (let c = 0; c < 4; c++) dot += m[i * 4 + c]! * m[j * 4 + c]!;
      assert.ok(Math.abs(dot - (i === j ? 1 : -0.25)) < 1e-15, `row ${i} · row ${j} = ${dot}`);
    }
  }
});

Deno.test("reversed rows reverse the row order", () => {
  const m = mixingMatrix(), r = reversedRows(m);
  for (let i = 0; i < 4; i++) {
    for (let c = 0; c < 4; c++) assert.equal(r[i * 4 + c], m[(3 - i) * 4 + c]);
  }
});

Deno.test("boundary transform moves correlation c to t", () => {
  for (const [c, t] of [[0.078125, 0.4], [-0.3, 0.4], [0.5, -0.2], [0, 0]]) {
    const [p, q] = boundaryTransform(c!, t!);
    // A [[1, c], [c, 1]] Aᵀ with A = [[p, q], [q, p]].
    const variance = p * p + 2 * p * q * c! + q * q;
    const covariance = 2 * p * q + (p * p + q * q) * c!;
    assert.ok(Math.abs(variance - 1) < 1e-15, `variance ${variance} for c = ${c}, t = ${t}`);
    assert.ok(Math.abs(covariance - t!) < 1e-15, `covariance ${covariance} for c = ${c}, t = ${t}`);
  }
  assert.throws(() => boundaryTransform(1, 0.4), RangeError);
});

Deno.test("layer 2 boundary pairs start at correlation 5/64", () => {
  // Family 1: Cov(Z_{a,4}, Z_{a+1,1}) = T_copy[4,1] · Σ¹_{a,a+1} = (−5/16)(−1/4); family 2: (5/16)(−1/4).
  for (const [family, c] of [[1, 5 / 64], [2, -5 / 64]] as const) {
    const levels = buildLevels(resolveSpec({ family, layers: 2 }));
    const [p, q] = boundaryTransform(c, 0.4);
    assert.ok(Math.abs(levels[2]!.opP[0]! - p) < 1e-15, `family ${family} p`);
    assert.ok(Math.abs(levels[2]!.opQ[0]! - q) < 1e-15, `family ${family} q`);
  }
});

Deno.test("adjacent covariances of layer 1 are -1/4", () => {
  const levels = buildLevels(resolveSpec({ family: 1, layers: 1 }));
  assert.deepEqual(Array.from(levels[1]!.adjacent).map((x) => Math.round(x * 1e12) / 1e12), [
    -0.25,
    -0.25,
    -0.25,
  ]);
});

Deno.test("boundary pairs reach the target correlation", () => {
  for (const boundary of [0.4, 0, -0.4]) {
    const levels = buildLevels(resolveSpec({ family: 1, layers: 4, boundary }));
    for (let k = 2; k <= 4; k++) {
      const { rows, adjacent } = levels[k]!;
      for (let a = 0; a < rows - 1; a++) {
        assert.ok(Math.abs(adjacent[4 * a + 3]! - boundary) < 1e-14, `layer ${k} pair ${a}`);
      }
    }
  }
});

Deno.test("resolveSpec rejects invalid parameters", () => {
  assert.equal(resolveSpec({ family: 1, layers: 2 }).boundary, 0.4);
  assert.throws(() => resolveSpec({ family: 3 as 1, layers: 2 }), InputError);
  assert.throws(() => resolveSpec({ family: 1, layers: 0 }), /invalid number of layers 0/);
  assert.throws(() => resolveSpec({ family: 1, layers: 2.5 }), InputError);
  assert.throws(() => resolveSpec({ family: 1, layers: 13 }), InputError);
  assert.throws(() => resolveSpec({ family: 1, layers: 2, boundary: 1 }), /strictly inside \(-1, 1\)/);
  assert.throws(() => resolveSpec({ family: 2, layers: 2, boundary: -1.5 }), InputError);
  assert.throws(() => resolveSpec({ family: 2, layers: 2, boundary: NaN }), InputError);
});

import assert from "node:assert/strict";
import { bmiScaling, crossPairTwoPointSum, localExponents, twoPointProfile } from "./analysis.ts";
import { subvolumeGaussian } from "./subvolume.ts";
import { InputError } from "../util/errors.ts";

Deno.test("bmiScaling rows match single computations", () => {
  const rows = bmiScaling({ family: 2 }, 2, 4);
  assert.deepEqual(rows.map((row) => row.length), [16, 64, 256]);
  rows.forEach((row) => {
    const g = subvolumeGaussian({ family: 2, layers: row.layers });
    assert.equal(row.bmi, g.bmi());
    assert.equal(row.antipodalTpmi, g.antipodalTwoPointMI());
  });
});

Deno.test("family 1 local exponents approach log 3 / log 4", () => {
  const exponents = localExponents(bmiScaling({ family: 1 }, 5, 7));
  const limit = Math.log(3) / Math.log(4);
  for (const exponent of exponents) assert.ok(Math.abs(exponent - limit) < 0.01, `exponent ${exponent}`);
});

Deno.test("twoPointProfile averages pairwise MI", () => {
  const g = subvolumeGaussian({ family: 1, layers: 2 });
  const [adjacent] = twoPointProfile(g, [1], 1000);
  let expected = 0;
  for (let i = 0; i < 15; i++) expected += g.twoPointMI(i, i + 1);
  assert.ok(Math.abs(adjacent! - expected / 15) < 1e-15);
  assert.deepEqual(twoPointProfile(g, [15]), [g.antipodalTwoPointMI()]);
  assert.throws(() => twoPointProfile(g, [16]), InputError);
});

Deno.test("cross-pair sum differs from BMI", () => {
  // At L = 4 the cross pairs are (0,2), (0,3), (1,2), (1,3), each with correlation −1/4.
  const g = subvolumeGaussian({ family: 1, layers: 1 });
  assert.ok(Math.abs(crossPairTwoPointSum(g) - 4 * -0.5 * Math.log1p(-1 / 16)) < 1e-15);
  assert.ok(crossPairTwoPointSum(g) < g.bmi());
  const big = subvolumeGaussian({ family: 1, layers: 4 });
  assert.ok(crossPairTwoPointSum(big) > big.bmi(), "the pair sum overshoots at L = 256");
  assert.throws(() => crossPairTwoPointSum(g, 4), InputError);
});

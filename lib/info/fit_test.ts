import assert from "node:assert/strict";
import { Rng } from "../util/prng.ts";
import { InputError } from "../util/errors.ts";
import { bootstrap, bootstrapCI, fitOffsetPowerLaw, fitPowerLaw, linearFit, powerLaw } from "./fit.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

Deno.test("power law exact recovery", () => {
  const x = [2, 4, 8, 16, 32, 64, 128];
  const y = x.map((v) => 3.26 * v ** 0.71);
  const fit = fitPowerLaw(x, y);
  close(fit.A, 3.26, 1e-10, "A");
  close(fit.beta, 0.71, 1e-12, "beta");
  close(fit.r2, 1, 1e-12, "r2");
  close(fit.seBeta, 0, 1e-10, "seBeta");
  close(powerLaw(fit, 10), 3.26 * 10 ** 0.71, 1e-9, "powerLaw(10)");
});

Deno.test("power law standard errors match OLS", () => {
  // Hand-computed OLS on x = 0,1,2,3 and y = 1,3,2,5: slope 1.1, intercept 1.1, SSE 2.7.
  const f = linearFit([0, 1, 2, 3], [1, 3, 2, 5]);
  close(f.slope, 1.1, 1e-12, "slope");
  close(f.intercept, 1.1, 1e-12, "intercept");
  close(f.seSlope, Math.sqrt(2.7 / 2 / 5), 1e-12, "seSlope");
  close(f.seIntercept, Math.sqrt((2.7 / 2) * 14 / (4 * 5)), 1e-12, "seIntercept");
  close(f.r2, 1 - 2.7 / 8.75, 1e-12, "r2");
});

Deno.test("power law rejects non-positive values", () => {
  assert.throws(
    () => fitPowerLaw([1, 2], [1, 0]),
    (e: Error) => e instanceof InputError && /y\[1\] = 0/.test(e.message),
  );
  assert.throws(() => fitPowerLaw([1], [1]), /at least 2 points/);
  assert.throws(() => fitPowerLaw([2, 2], [1, 3]), /all x values are equal/);
});

Deno.test("offset power law exact recovery", () => {
  const d = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
  const y = d.map((v) => 0.8 * v ** -0.6 + 0.004);
  const fit = fitOffsetPowerLaw(d, y);
  close(fit.alpha, 0.6, 1e-5, "alpha");
  close(fit.A, 0.8, 1e-5, "A");
  close(fit.C, 0.004, 1e-7, "C");
  assert.ok(fit.C > 0, `C = ${fit.C} must be positive`);
  assert.ok(fit.C < Math.min(...y), `C = ${fit.C} must be below min y`);
  assert.ok(fit.objective < 1e-12);
});

Deno.test("offset power law on pure power law", () => {
  const d = [1, 2, 4, 8, 16, 32];
  const y = d.map((v) => 2 * v ** -0.5);
  const fit = fitOffsetPowerLaw(d, y);
  assert.ok(fit.C < 1e-10 * Math.min(...y), `C = ${fit.C}`);
  close(fit.alpha, 0.5, 1e-8, "alpha");
});

Deno.test("offset power law noisy recovery", () => {
  const rng = new Rng(3);
  const d = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
  const y = d.map((v) => (0.5 * v ** -0.8 + 0.002) * Math.exp(0.01 * rng.normal()));
  const fit = fitOffsetPowerLaw(d, y);
  close(fit.alpha, 0.8, 0.05, "alpha");
  close(fit.C, 0.002, 0.0005, "C");
});

Deno.test("bootstrap covers the mean", () => {
  const rng = new Rng(11);
  const units = Array.from({ length: 400 }, () => rng.normal() + 5);
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const r = bootstrapCI(units, mean, { rng: new Rng(2), resamples: 500 });
  assert.ok(r.lower < 5, `lower bound ${r.lower} must be below 5`);
  assert.ok(r.upper > 5, `upper bound ${r.upper} must be above 5`);
  close(r.se, 1 / Math.sqrt(400), 0.01, "bootstrap se");
  assert.equal(r.used, 500);
});

Deno.test("bootstrap is seeded and counts failures", () => {
  const units = [1, 2, 3, 4];
  const stat = (xs: number[]) => {
    if (xs.every((v) => v === xs[0])) throw new InputError("constant sample");
    return [Math.max(...xs), xs.includes(1) ? NaN : 0];
  };
  const a = bootstrap(units, stat, { rng: new Rng(5), resamples: 300 });
  const b = bootstrap(units, stat, { rng: new Rng(5), resamples: 300 });
  assert.deepEqual(a, b);
  assert.ok(a.failed > 0, "some resamples must fail");
  assert.equal(a.used + a.failed, 300);
  assert.throws(() => bootstrap([], stat, { rng: new Rng(1) }), /no resampling units/);
});

import assert from "node:assert/strict";
import { digamma, EULER_GAMMA, grassbergerG } from "./digamma.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

Deno.test("digamma closed forms", () => {
  close(digamma(1), -EULER_GAMMA, 1e-14, "psi(1)");
  close(digamma(0.5), -EULER_GAMMA - 2 * Math.LN2, 1e-14, "psi(1/2)");
  close(digamma(2), 1 - EULER_GAMMA, 1e-14, "psi(2)");
  // ψ(n) = H_{n−1} − γ for integer n.
  let harmonic = 0;
  for (let k = 1; k < 100; k++) harmonic += 1 / k;
  close(digamma(100), harmonic - EULER_GAMMA, 1e-13, "psi(100)");
  close(digamma(1e-3), -1000.5755719318103, 1e-9, "psi(0.001)");
  assert.throws(() => digamma(0), RangeError);
});

Deno.test("grassberger G closed forms", () => {
  close(grassbergerG(1), -EULER_GAMMA - Math.LN2, 1e-14, "G(1)");
  close(grassbergerG(2), 2 - EULER_GAMMA - Math.LN2, 1e-14, "G(2)");
  // G(n) − ln n → 0 for large n.
  close(grassbergerG(1e6), Math.log(1e6), 1e-6, "G(1e6)");
});

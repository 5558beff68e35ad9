/**
 * Float64 linear algebra for the sub-volume Gaussian: Gaussian conditioning of a small local vector, and a
 * dense Cholesky factorisation with triangular solves for the reference computations at small L.
 *
 * All matrices are row-major `Float64Array`s.
 * @module
 */

/** Conditional law of the targets `T ξ` given observations `H ξ`, for ξ ~ N(μ, Σ) of small dimension. */
export interface LocalCondition {
  /** Conditional covariance of the targets, `t × t`. */
  cov: Float64Array;
  /** Coefficients on the actual ξ: conditional mean = `onValue · ξ + onMean · μ`, each `t × d`. */
  onValue: Float64Array;
  /** Coefficients on the prior mean μ of ξ, `t × d`. */
  onMean: Float64Array;
}

/**
 * Conditions targets `T ξ` (t rows) on observations `H ξ` (m rows, m ≤ 8) for ξ with covariance `sigma`
 * (`d × d`). The conditional mean is `T μ + K (H ξ − H μ)` with gain `K = T Σ Hᵀ (H Σ Hᵀ)⁻¹`, returned as
 * the two coefficient matrices `K H` (on ξ) and `T − K H` (on μ). Throws when `H Σ Hᵀ` is not positive
 * definite, which would mean an observation is a deterministic function of the others.
 */
export function conditionLocal(
  sigma: Float64Array,
  d: number,
  h: Float64Array,
  m: number,
  t: Float64Array,
  tRows: number,
): LocalCondition {
  // sh = Σ Hᵀ (d × m), st = Σ Tᵀ (d × tRows).
  const sh = new Float64Array(d * m);
  const st = new Float64Array(d * tRows);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const s = sigma[i * d + k]!;
      if (s === 0) continue;
      for (let o = 0; o < m; o++) sh[i * m + o]! += s * h[o * d + k]!;
      for (let o = 0; o < tRows; o++) st[i * tRows + o]! += s * t[o * d + k]!;
    }
  }
  const soo = new Float64Array(m * m);
  const sto = new Float64Array(tRows * m);
  const stt = new Float64Array(tRows * tRows);
  for (let i = 0; i < d; i++) {
    for (let a = 0; a < m; a++) {
      const hai = h[a * d + i]!;
      for (let b = 0; b < m; b++) soo[a * m + b]! += hai * sh[i * m + b]!;
    }
    for (let a = 0; a < tRows; a++) {
      const tai = t[a * d + i]!;
      for (let b = 0; b < m; b++) sto[a * m + b]! += tai * sh[i * m + b]!;
      for (let b = 0; b < tRows; b++) stt[a * tRows + b]! += tai * st[i * tRows + b]!;
    }
  }
  // Gain K (tRows × m) solves K · soo = sto, i.e. soo · Kᵀ = stoᵀ.
  const gain = new Float64Array(tRows * m);
  if (m > 0) {
    const factor = cholesky(soo, m);
    for (let a = 0; a < tRows; a++) {
      const row = sto.slice(a * m, a * m + m);
      solveLowerInPlace(factor, m, row);
      solveUpperTransposedInPlace(factor, m, row);
      gain.set(row, a * m);
    }
  }
  const cov = stt;
  for (let a = 0; a < tRows; a++) {
    for (let b = 0; b < tRows; b++) {
      let s = 0;
      for (let o = 0; o < m; o++) s += gain[a * m + o]! * sto[b * m + o]!;
      cov[a * tRows + b]! -= s;
    }
  }
  const onValue = new Float64Array(tRows * d);
  const onMean = new Float64Array(tRows * d);
  for (let a = 0; a < tRows; a++) {
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let o = 0; o < m; o++) s += gain[a * m + o]! * h[o * d + k]!;
      onValue[a * d + k] = s;
      onMean[a * d + k] = t[a * d + k]! - s;
    }
  }
  return { cov, onValue, onMean };
}

/**
 * Returns the lower Cholesky factor `L` (row-major `n × n`, upper triangle zero) of the symmetric
 * positive-definite `a`. Throws a `RangeError` naming the pivot when `a` is not positive definite.
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diag = a[rowJ + j]!;
    for (let k = 0; k < j; k++) diag -= l[rowJ + k]! * l[rowJ + k]!;
    if (!(diag > 0)) {
      throw new RangeError(`cholesky: matrix is not positive definite (pivot ${j} is ${diag})`);
    }
    const ljj = Math.sqrt(diag);
    l[rowJ + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = a[rowI + j]!;
      for (let k = 0; k < j; k++) s -= l[rowI + k]! * l[rowJ + k]!;
      l[rowI + j] = s / ljj;
    }
  }
  return l;
}

/** Solves `L x = b` in place for lower-triangular `L` (`n × n`). */
export function solveLowerInPlace(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const row = i * n;
    for (let k = 0; k < i; k++) s -= l[row + k]! * b[k]!;
    b[i] = s / l[row + i]!;
  }
  return b;
}

/** Solves `Lᵀ x = b` in place for lower-triangular `L` (`n × n`). */
export function solveUpperTransposedInPlace(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
  return b;
}

/** Returns `log det Σ = 2 Σᵢ log Lᵢᵢ` from the Cholesky factor `L` of Σ. */
export function logDetFromCholesky(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]!);
  return 2 * s;
}

/** Returns the `rows × cols` block of the square `n × n` matrix `a` starting at (`r0`, `c0`). */
export function subMatrix(a: Float64Array, n: number, r0: number, c0: number, rows: number, cols: number) {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) out.set(a.subarray((r0 + i) * n + c0, (r0 + i) * n + c0 + cols), i * cols);
  return out;
}

/**
 * Float64 linear algebra for the sub-volume Gaussian: Gaussian conditioning of a small local vector, and a
 * dense Cholesky factorisation with triangular solves for the reference computations at small L.
 *
 * All matrices are row-major `Float64Array`s.
 * @module
 */

/**
 * Conditions targets `T ξ` (up to 2 rows) on observations `H ξ` (up to 8 rows) for ξ ~ N(μ, Σ) of
 * dimension d ≤ 8, reusing its buffers across calls. The conditional mean is `T μ + K (H ξ − H μ)` with
 * gain `K = T Σ Hᵀ (H Σ Hᵀ)⁻¹`, stored as the coefficient matrices `K H` (on ξ) and `T − K H` (on μ).
 */
export class LocalConditioner {
  /** Conditional covariance of the targets after {@link condition}, `tRows × tRows`. */
  readonly cov = new Float64Array(4);
  /** Coefficients on the actual ξ after {@link condition}: mean = `onValue · ξ + onMean · μ`, `tRows × d`. */
  readonly onValue = new Float64Array(16);
  /** Coefficients on the prior mean μ of ξ after {@link condition}, `tRows × d`. */
  readonly onMean = new Float64Array(16);
  readonly #sh = new Float64Array(64);
  readonly #st = new Float64Array(16);
  readonly #soo = new Float64Array(64);
  readonly #sto = new Float64Array(16);
  readonly #gain = new Float64Array(16);

  constructor(readonly d: number) {
    if (d > 8) throw new RangeError(`LocalConditioner: dimension ${d} exceeds 8`);
  }

  /**
   * Conditions on `m` observation rows `h` (`m × d`) the `tRows` target rows `t` (`tRows × d`) for
   * covariance `sigma` (`d × d`). Throws a `RangeError` when `H Σ Hᵀ` is not positive definite, which
   * would mean an observation is a deterministic function of the others.
   */
  condition(sigma: Float64Array, h: Float64Array, m: number, t: Float64Array, tRows: number): void {
    const d = this.d, sh = this.#sh, st = this.#st, soo = this.#soo, sto = this.#sto, gain = this.#gain;
    sh.fill(0, 0, d * m);
    st.fill(0, 0, d * tRows);

    // sh = Σ Hᵀ (d × m), st = Σ Tᵀ (d × tRows).
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        const s = sigma[i * d + k]!;
        if (s === 0) continue;
        for (let o = 0; o < m; o++) sh[i * m + o]! += s * h[o * d + k]!;
        for (let o = 0; o < tRows; o++) st[i * tRows + o]! += s * t[o * d + k]!;
      }
    }

    soo.fill(0, 0, m * m);
    sto.fill(0, 0, tRows * m);
    const cov = this.cov;
    cov.fill(0);
    for (let i = 0; i < d; i++) {
      for (let a = 0; a < m; a++) {
        const hai = h[a * d + i]!;
        if (hai === 0) continue;
        for (let b = 0; b < m; b++) soo[a * m + b]! += hai * sh[i * m + b]!;
      }
      for (let a = 0; a < tRows; a++) {
        const tai = t[a * d + i]!;
        if (tai === 0) continue;
        for (let b = 0; b < m; b++) sto[a * m + b]! += tai * sh[i * m + b]!;
        for (let b = 0; b < tRows; b++) cov[a * tRows + b]! += tai * st[i * tRows + b]!;
      }
    }

    // Gain K (tRows × m) solves K · soo = sto: factor soo = C Cᵀ in place, then two triangular solves.
    choleskyInPlace(soo, m);
    for (let a = 0; a < tRows; a++) {
      const row = a * m;
      for (let i = 0; i < m; i++) {
        let s = sto[row + i]!;
        for (let k = 0; k < i; k++) s -= soo[i * m + k]! * gain[row + k]!;
        gain[row + i] = s / soo[i * m + i]!;
      }
      for (let i = m - 1; i >= 0; i--) {
        let s = gain[row + i]!;
        for (let k = i + 1; k < m; k++) s -= soo[k * m + i]! * gain[row + k]!;
        gain[row + i] = s / soo[i * m + i]!;
      }
    }

    for (let a = 0; a < tRows; a++) {
      for (let b = 0; b < tRows; b++) {
        let s = 0;
        for (let o = 0; o < m; o++) s += gain[a * m + o]! * sto[b * m + o]!;
        cov[a * tRows + b]! -= s;
      }
      for (let k = 0; k < d; k++) {
        let s = 0;
        for (let o = 0; o < m; o++) s += gain[a * m + o]! * h[o * d + k]!;
        this.onValue[a * d + k] = s;
        this.onMean[a * d + k] = t[a * d + k]! - s;
      }
    }
  }
}

/** Overwrites the lower triangle of the `n × n` matrix `a` with its Cholesky factor (upper part unused). */
function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    let diag = a[j * n + j]!;
    for (let k = 0; k < j; k++) diag -= a[j * n + k]! * a[j * n + k]!;
    if (!(diag > 0)) {
      throw new RangeError(`cholesky: matrix is not positive definite (pivot ${j} is ${diag})`);
    }
    const ljj = Math.sqrt(diag);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
  }
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

/**
 * The sub-volume Gaussian construction (Chen et al., "L²M", arXiv 2503.04725, App. C.II), layer by layer.
 *
 * Layer 1 is `Z = M X` with `X ~ N(0, I₄)` and the mixing matrix `M` of eq. C.19 (γ = √5/4, ρ = 1/4, unit
 * rows, pairwise inner products −1/4). Layer l ≥ 2 has n = 4^(l−1) rows: row r is `M u_r`, where `u_r`
 * contains position r of independent copies of the layer-(l−1) sequence plus fresh N(0, 1) variables.
 * Family 1 (power law) puts three copies in columns 1–3 and one fresh variable in column 4; family 2 (log
 * law) puts one copy in column 1 and three fresh variables in columns 2–4. Rows are flattened row-major
 * into a sequence of length L = 4^l.
 *
 * Boundary transform: for every pair of neighbouring rows, the pair (last of row r, first of row r + 1) is
 * replaced by `A (x, y)` with the symmetric 2 × 2 matrix `A = V diag(√((1+t)/(1+c)), √((1−t)/(1−c))) Vᵀ`,
 * V = [[1, 1], [1, −1]]/√2, which keeps unit variances and moves the pair's correlation from its value c
 * to the target t. The paper's formula (eq. C.23) is ambiguous in the published text: read literally it
 * gives t = 2/5·(−1/4 − 1/4) + 1/5 = 0, but then family-1 BMI is about 16 % below the values implied by the
 * paper's Fig. 3(c) and family 2 does not grow with L. The target t = 0.4 reproduces Fig. 3(c) within
 * ±1.5 % at every plotted L, so it is the default here. It is a reconstruction, hence a parameter.
 *
 * Layer 0 is a single N(0, 1) variable, so layer 1 is layer 2's recipe applied to layer 0 in both families.
 * @module
 */
import { InputError } from "../util/errors.ts";

/** Parameters of a sub-volume Gaussian. */
export interface GaussianSpec {
  /** 1: three copies of the previous layer + one fresh Gaussian per row (power-law BMI, β ≈ 0.79).
   * 2: one copy + three fresh Gaussians per row (BMI grows like log L). */
  family: 1 | 2;
  /** Number of layers l ≥ 1; the sequence length is L = 4^l. */
  layers: number;
  /** Target correlation t ∈ (−1, 1) of the boundary transform; default 0.4 (a reconstruction, see above). */
  boundary?: number;
}

/** Boundary correlation target that reproduces the paper's Fig. 3(c) (see the module documentation). */
export const DEFAULT_BOUNDARY = 0.4;
/**
 * Largest supported number of layers: 4^12 = 16,777,216 positions. Exact BMI is O(L) in time and memory
 * (about 135 MiB resident at 10 layers in one measurement, so roughly 2 GiB at 12).
 */
export const MAX_LAYERS = 12;

const GAMMA = Math.sqrt(5) / 4;
const RHO = 0.25;

/** Returns the 4 × 4 mixing matrix of eq. C.19 (row-major): tetrahedral directions in columns 1–3, ρ in column 4. */
export function mixingMatrix(): Float64Array {
  const g = GAMMA, r = RHO;
  return Float64Array.from([g, g, g, r, -g, g, -g, r, -g, -g, g, r, g, -g, -g, r]);
}

/** A validated spec with every field filled in. */
export interface ResolvedSpec {
  family: 1 | 2;
  layers: number;
  boundary: number;
}

/** Checks a spec and fills in the default boundary target; throws `InputError` naming the bad field. */
export function resolveSpec(spec: GaussianSpec): ResolvedSpec {
  const { family, layers } = spec;
  const boundary = spec.boundary ?? DEFAULT_BOUNDARY;
  if (family !== 1 && family !== 2) {
    throw new InputError(`invalid Gaussian family ${family}: use 1 (power law) or 2 (log law)`);
  }
  if (!Number.isInteger(layers) || layers < 1 || layers > MAX_LAYERS) {
    throw new InputError(`invalid number of layers ${layers}: use an integer from 1 to ${MAX_LAYERS}`);
  }
  if (!Number.isFinite(boundary) || boundary <= -1 || boundary >= 1) {
    throw new InputError(
      `invalid boundary correlation target ${boundary}: use a number strictly inside (-1, 1)`,
    );
  }
  return { family, layers, boundary };
}

/** Column roles of `u_r` for a family: which columns hold copies of the previous layer. */
export function childColumns(family: 1 | 2): number[] {
  return family === 1 ? [0, 1, 2] : [0];
}

/**
 * Returns the entries (p, q) of the symmetric boundary matrix `A = [[p, q], [q, p]]` that moves the
 * correlation of a unit-variance pair from `c` to `t`.
 */
export function boundaryTransform(c: number, t: number): [number, number] {
  if (!(Math.abs(c) < 1)) {
    throw new RangeError(`boundaryTransform: pair correlation ${c} is not inside (-1, 1)`);
  }
  const d1 = Math.sqrt((1 + t) / (1 + c));
  const d2 = Math.sqrt((1 - t) / (1 - c));
  return [(d1 + d2) / 2, (d1 - d2) / 2];
}

/** Deterministic description of one layer of the construction. */
export interface Level {
  /** Layer index k (0 is the single seed variable). */
  k: number;
  /** Rows n = 4^(k−1) (0 for layer 0). */
  rows: number;
  /** Length N = 4^k. */
  length: number;
  /** Boundary matrix entries p and q for the pair between rows a and a + 1, a = 0 … rows − 2. */
  opP: Float64Array;
  opQ: Float64Array;
  /** Unconditional Cov(S[i], S[i+1]) for i = 0 … N − 2 (all variances are 1). */
  adjacent: Float64Array;
}

/** Scratch buffers for {@link localModel}: ξ = (u_a, u_{a+1}) has 8 entries. */
export interface LocalRows {
  /** Observation rows over ξ (up to 4 × 8). */
  h: Float64Array;
  /** Target rows over ξ (up to 2 × 8). */
  t: Float64Array;
}

/** Allocates scratch rows for {@link localModel}. */
export function newLocalRows(): LocalRows {
  return { h: new Float64Array(32), t: new Float64Array(16) };
}

/**
 * Writes, for position p of a layer with `rows` rows, the linear rows over ξ = (u_a, u_{a+1}) of the
 * observations and targets that give `(S[p], S[p+1])` given `S[0 … p−1]`, and returns a, the observation
 * count m and the target count (2, or 1 at the last position).
 *
 * The past `S[0 … p−1]` carries the same information as the pre-transform rows 0 … a−1 plus the m
 * observations, because each boundary pair is an invertible function of its two pre-transform values. Those
 * rows are in turn the copies' prefixes and the fresh variables up to row a − 1.
 */
export function localModel(
  p: number,
  rows: number,
  mix: Float64Array,
  opP: Float64Array,
  opQ: Float64Array,
  out: LocalRows,
): { a: number; m: number; targets: number } {
  const r = p >> 2, j = p & 3;
  out.h.fill(0);
  out.t.fill(0);
  // Pre-transform Z_{a,i} is row i of M applied to block 0 of ξ; Z_{a+1,i} is row i applied to block 1.
  const setZ = (dest: Float64Array, slot: number, block: number, i: number, scale: number) =>
    addRow(dest, slot * 8 + block * 4, mix, i, scale);
  const lastPrime = (dest: Float64Array, slot: number, a: number) => {
    addRow(dest, slot * 8, mix, 3, opP[a]!);
    addRow(dest, slot * 8 + 4, mix, 0, opQ[a]!);
  };
  const firstPrime = (dest: Float64Array, slot: number, a: number) => {
    addRow(dest, slot * 8, mix, 3, opQ[a]!);
    addRow(dest, slot * 8 + 4, mix, 0, opP[a]!);
  };
  if (j === 0 && r > 0) {
    const a = r - 1;
    for (let i = 0; i < 3; i++) setZ(out.h, i, 0, i, 1);
    lastPrime(out.h, 3, a);
    firstPrime(out.t, 0, a);
    setZ(out.t, 1, 1, 1, 1);
    return { a, m: 4, targets: 2 };
  }
  const a = r;
  for (let i = 0; i < j; i++) setZ(out.h, i, 0, i, 1);
  const hasNext = r < rows - 1;
  if (j < 2) {
    setZ(out.t, 0, 0, j, 1);
    setZ(out.t, 1, 0, j + 1, 1);
    return { a, m: j, targets: 2 };
  }
  if (j === 2) {
    setZ(out.t, 0, 0, 2, 1);
    if (hasNext) lastPrime(out.t, 1, a);
    else setZ(out.t, 1, 0, 3, 1);
    return { a, m: 2, targets: 2 };
  }
  if (!hasNext) {
    setZ(out.t, 0, 0, 3, 1);
    return { a, m: 3, targets: 1 };
  }
  lastPrime(out.t, 0, a);
  firstPrime(out.t, 1, a);
  return { a, m: 3, targets: 2 };
}

/** Adds `scale` times row i of the 4 × 4 matrix `mix` to `dest[offset … offset + 3]`. */
function addRow(dest: Float64Array, offset: number, mix: Float64Array, i: number, scale: number): void {
  for (let c = 0; c < 4; c++) dest[offset + c]! += scale * mix[i * 4 + c]!;
}

/**
 * Fills the 8 × 8 covariance of ξ = (u_a, u_{a+1}): copy columns get the 2 × 2 block
 * [[va, cab], [cab, vb]] at (c, 4 + c), fresh columns are independent N(0, 1).
 */
export function fillLocalCovariance(
  sigma: Float64Array,
  children: number[],
  va: number,
  cab: number,
  vb: number,
): Float64Array {
  sigma.fill(0);
  for (let c = 0; c < 8; c++) sigma[c * 9] = 1;
  for (const c of children) {
    sigma[c * 9] = va;
    sigma[(c + 4) * 9] = vb;
    sigma[c * 8 + c + 4] = cab;
    sigma[(c + 4) * 8 + c] = cab;
  }
  return sigma;
}

/**
 * Builds layers 0 … `layers`: boundary matrices and adjacent covariances, in O(L) time. The pair
 * correlation before the transform between rows a and a + 1 is `Σ_{copies c} M[3,c] M[0,c] · Cov(C[a],
 * C[a+1])`, because the fresh variables of different rows are independent.
 */
export function buildLevels(spec: ResolvedSpec, mix: Float64Array = mixingMatrix()): Level[] {
  const children = childColumns(spec.family);
  const levels: Level[] = [{
    k: 0,
    rows: 0,
    length: 1,
    opP: new Float64Array(0),
    opQ: new Float64Array(0),
    adjacent: new Float64Array(0),
  }];
  let pairFactor = 0;
  for (const c of children) pairFactor += mix[12 + c]! * mix[c]!;
  const sigma = new Float64Array(64);
  const scratch = newLocalRows();
  for (let k = 1; k <= spec.layers; k++) {
    const child = levels[k - 1]!;
    const rows = child.length;
    const length = 4 * rows;
    const opP = new Float64Array(Math.max(0, rows - 1));
    const opQ = new Float64Array(Math.max(0, rows - 1));
    for (let a = 0; a < rows - 1; a++) {
      [opP[a], opQ[a]] = boundaryTransform(pairFactor * child.adjacent[a]!, spec.boundary);
    }
    const adjacent = new Float64Array(length - 1);
    for (let p = 0; p < length - 1; p++) {
      const { a } = localModel(p, rows, mix, opP, opQ, scratch);
      fillLocalCovariance(sigma, children, 1, a + 1 < rows ? child.adjacent[a]! : 0, 1);
      adjacent[p] = quadratic(scratch.t, 0, 1, sigma);
    }
    levels.push({ k, rows, length, opP, opQ, adjacent });
  }
  return levels;
}

/** Returns `t_iᵀ Σ t_j` for rows i and j of the 8-column matrix `t`. */
function quadratic(t: Float64Array, i: number, j: number, sigma: Float64Array): number {
  let s = 0;
  for (let x = 0; x < 8; x++) {
    const ti = t[i * 8 + x]!;
    if (ti === 0) continue;
    for (let y = 0; y < 8; y++) s += ti * sigma[x * 8 + y]! * t[j * 8 + y]!;
  }
  return s;
}

/** Returns M with its rows in reverse order: the construction of the reversed sequence. */
export function reversedRows(mix: Float64Array): Float64Array {
  const out = new Float64Array(16);
  for (let i = 0; i < 4; i++) out.set(mix.subarray((3 - i) * 4, (3 - i) * 4 + 4), i * 4);
  return out;
}

/**
 * Turns a token stream into fixed-length training and evaluation windows for {@link TextTask}.
 *
 * @example
 * ```ts
 * import { textWindows } from "@l2m/train/text_data.ts";
 * const tokens = Int32Array.from({ length: 100 }, (_, i) => i % 7);
 * const { train, eval: held } = textWindows(tokens, 10, { evalEvery: 5 });
 * console.assert(train.length === 8 && held.length === 2);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";

/** Options of {@link textWindows}. */
export interface WindowOptions {
  /** Every `evalEvery`-th window (starting with the first) is held out for evaluation (default 10). */
  evalEvery?: number;
  /** Keep at most this many windows in total (default: all). */
  maxWindows?: number;
}

/** Cuts `tokens` into non-overlapping windows of `length` tokens and splits them train/eval. */
export function textWindows(
  tokens: Int32Array,
  length: number,
  options: WindowOptions = {},
): { train: Int32Array[]; eval: Int32Array[] } {
  if (!Number.isInteger(length) || length < 2) {
    throw new InputError(`window length must be ≥ 2, got ${length}`);
  }
  const every = options.evalEvery ?? 10;
  let count = Math.floor(tokens.length / length);
  if (options.maxWindows !== undefined) count = Math.min(count, options.maxWindows);
  if (count < 2) {
    throw new InputError(
      `only ${tokens.length} tokens: need at least ${2 * length} for windows of ${length}`,
    );
  }
  const train: Int32Array[] = [], held: Int32Array[] = [];
  for (let i = 0; i < count; i++) {
    const w = tokens.slice(i * length, (i + 1) * length);
    (i % every === 0 ? held : train).push(w);
  }
  return { train, eval: held };
}

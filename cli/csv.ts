/**
 * CSV output shared by the measuring commands: a header row, then one row per record; numbers are written
 * with full precision (`String(number)`), NaN as `NaN`. Written to stdout, or atomically to `--out`.
 *
 * @example
 * ```ts
 * import { toCsv } from "./csv.ts";
 * console.assert(toCsv(["d", "mi"], [[1, 0.5]]) === "d,mi\n1,0.5\n");
 * ```
 * @module
 */
import { writeFileAtomic } from "../lib/util/atomic.ts";

function cell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Formats a header and rows as CSV text (RFC 4180 quoting), ending with a newline. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n";
}

/** Writes `csv` atomically to `out`, or to stdout when `out` is undefined. */
export async function emitCsv(csv: string, out: string | undefined): Promise<void> {
  if (out === undefined) {
    await Deno.stdout.write(new TextEncoder().encode(csv));
    return;
  }
  await writeFileAtomic(out, csv);
}

/**
 * Traces from an arquero table: one series per group of rows, with optional error bars or a confidence
 * band taken from other columns. This is the usual path from a results table to a chart.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { seriesFromTable } from "@l2m/plot/from_table.ts";
 * const table = aq.table({ L: [64, 128, 64, 128], bmi: [3, 4, 2, 2.5], corpus: ["pg19", "pg19", "wiki", "wiki"] });
 * const traces = seriesFromTable(table, { x: "L", y: "bmi", by: "corpus" });
 * assert.deepEqual(traces.map((t) => t.name), ["pg19", "wiki"]);
 * ```
 * @module
 */
import type { ColumnTable } from "arquero";
import type { Data } from "plotly.js-dist-min";
import { InputError } from "../util/errors.ts";
import { band, series, type SeriesOptions } from "./charts.ts";

/** Options of {@link seriesFromTable}; every string names a column. */
export interface TableSeriesOptions {
  x: string;
  y: string;
  /** Column whose distinct values split the rows into series, in order of first appearance. */
  by?: string;
  /** Column of symmetric error bar half-widths. */
  error?: string;
  /** Columns of the lower and upper edge of a shaded band (for example a 95% CI). */
  lower?: string;
  upper?: string;
  /** Series name when `by` is not set; the `y` column name by default. */
  name?: string;
  mode?: SeriesOptions["mode"];
  dash?: SeriesOptions["dash"];
  /** Colour index of the first series; later groups take the next colours. */
  colorOffset?: number;
}

function column(table: ColumnTable, name: string | undefined, role: string): unknown[] | undefined {
  if (name === undefined) return undefined;
  if (!table.columnNames().includes(name)) {
    throw new InputError(
      `${role} column "${name}" not found: the table has ${table.columnNames().join(", ")}`,
    );
  }
  return Array.from(table.array(name) as ArrayLike<unknown>);
}

function numbers(values: unknown[], name: string): number[] {
  return values.map((value, row) => {
    if (value === null || value === undefined) return NaN;
    if (typeof value !== "number") {
      throw new InputError(`column "${name}" row ${row} is ${JSON.stringify(value)}, but a number is needed`);
    }
    return value;
  });
}

/**
 * Builds one scatter trace per group (a band trace pair first when `lower`/`upper` are given), sorted by
 * `x` within each group so lines do not zigzag.
 */
export function seriesFromTable(table: ColumnTable, options: TableSeriesOptions): Data[] {
  const x = column(table, options.x, "x")!;
  const y = numbers(column(table, options.y, "y")!, options.y);
  const groups = column(table, options.by, "by");
  const error = options.error ? numbers(column(table, options.error, "error")!, options.error) : undefined;
  const lower = options.lower ? numbers(column(table, options.lower, "lower")!, options.lower) : undefined;
  const upper = options.upper ? numbers(column(table, options.upper, "upper")!, options.upper) : undefined;
  if ((lower === undefined) !== (upper === undefined)) {
    throw new InputError("seriesFromTable: set both lower and upper for a band, or neither");
  }

  const rowsByGroup = new Map<string, number[]>();
  for (let row = 0; row < x.length; row++) {
    const key = groups ? String(groups[row]) : (options.name ?? options.y);
    rowsByGroup.set(key, [...(rowsByGroup.get(key) ?? []), row]);
  }

  const traces: Data[] = [];
  let colorIndex = options.colorOffset ?? 0;
  for (const [name, rows] of rowsByGroup) {
    const numericX = rows.every((row) => typeof x[row] === "number");
    if (numericX) rows.sort((a, b) => (x[a] as number) - (x[b] as number));
    const xs = rows.map((row) => (numericX ? x[row] as number : String(x[row])));
    const pick = (values: number[]) => rows.map((row) => values[row]!);
    if (lower && upper) {
      traces.push(
        ...band({
          name: `${name} CI`,
          x: xs as number[],
          lower: pick(lower),
          upper: pick(upper),
          colorIndex,
        }),
      );
    }
    traces.push(series({
      name,
      x: numericX ? xs as number[] : xs as string[],
      y: pick(y),
      error: error ? pick(error) : undefined,
      mode: options.mode,
      dash: options.dash,
      colorIndex,
      legendgroup: name,
    }));
    colorIndex++;
  }
  return traces;
}

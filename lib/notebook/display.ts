/**
 * Display helpers for notebooks: arquero tables, power-law fit results, markdown and HTML snippets, and a
 * progress display (re-exported from `progress.ts`). Each helper returns an object whose
 * `[Symbol.for("Jupyter.display")]()` method gives a MIME bundle, so it renders when it is a cell's last
 * expression. Every value that comes from data is HTML-escaped here, where the HTML is produced; the
 * report treats these `text/html` outputs as trusted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as aq from "arquero";
 * import { showTable } from "@l2m/notebook/display.ts";
 * const view = showTable(aq.table({ word: ["<b>", "the"], count: [2, 10] }), { limit: 1, caption: "counts" });
 * const html = view.html();
 * assert.ok(html.includes("&lt;b&gt;") && html.includes("1 of 2 rows"));
 * ```
 * @module
 */
import type { ColumnTable } from "arquero";
import { escapeHtml } from "../util/escape.ts";
import { InputError } from "../util/errors.ts";
import type { PowerLawFit } from "../info/fit.ts";

export { type Metrics, Progress, progress, type ProgressOptions } from "./progress.ts";

/** A MIME bundle as the Jupyter protocol carries it: MIME type -> data. */
export type MimeBundle = Record<string, string> & { "text/plain": string };

/** Base class of display objects: subclasses build the bundle, this class plugs it into Jupyter. */
export abstract class Displayable {
  /** Returns the MIME bundle shown in Jupyter. */
  abstract bundle(): MimeBundle;

  /** Jupyter's display hook. */
  [Symbol.for("Jupyter.display")](): MimeBundle {
    return this.bundle();
  }

  /** Returns the `text/plain` form, so `console.log(view)` and string templates stay readable. */
  toString(): string {
    return this.bundle()["text/plain"];
  }
}

/** Formats one value for display: numbers to `digits` significant digits, dates as ISO, objects as JSON. */
export function formatValue(value: unknown, digits = 4): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(digits - 1);
    return String(Number(value.toPrecision(digits)));
  }
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return value;
  if (ArrayBuffer.isView(value)) return `[${Array.from(value as unknown as ArrayLike<number>).join(", ")}]`;
  return JSON.stringify(value) ?? String(value);
}

/** Options of {@link showTable}. */
export interface TableOptions {
  /** Rows shown; the total row count is always stated. */
  limit?: number;
  caption?: string;
  /** Significant digits of non-integer numbers. */
  digits?: number;
  /** Characters per cell in the `text/plain` form before it is cut with `…`. */
  plainWidth?: number;
}

function isArqueroTable(value: unknown): value is ColumnTable {
  const table = value as Partial<ColumnTable> | null;
  return typeof table?.numRows === "function" && typeof table?.columnNames === "function" &&
    typeof table?.objects === "function";
}

/** An arquero table shown with a row limit; see {@link showTable}. */
export class TableView extends Displayable {
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
  readonly total: number;

  constructor(table: ColumnTable, readonly options: TableOptions = {}) {
    super();
    if (!isArqueroTable(table)) {
      throw new InputError(
        "showTable expects an arquero table: build one with aq.from(rows) or aq.table(columns)",
      );
    }
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 0) {
      throw new InputError(`invalid row limit ${limit}: use an integer >= 0`);
    }
    this.columns = table.columnNames();
    this.total = table.numRows();
    this.rows = table.objects({ limit }) as Record<string, unknown>[];
  }

  private footer(): string {
    const shown = this.rows.length;
    const noun = this.total === 1 ? "row" : "rows";
    return shown < this.total
      ? `${shown} of ${this.total} ${noun} shown, ${this.columns.length} columns`
      : `${this.total} ${noun}, ${this.columns.length} columns`;
  }

  private numericColumns(): Set<string> {
    return new Set(
      this.columns.filter((c) => this.rows.length > 0 && this.rows.every((r) => typeof r[c] === "number")),
    );
  }

  /** Returns the table as escaped HTML. */
  html(): string {
    const digits = this.options.digits ?? 4;
    const numeric = this.numericColumns();
    const align = (c: string) => (numeric.has(c) ? ' style="text-align:right"' : "");
    const head = this.columns.map((c) => `<th${align(c)}>${escapeHtml(c)}</th>`).join("");
    const body = this.rows
      .map((row) =>
        `<tr>${
          this.columns.map((c) => `<td${align(c)}>${escapeHtml(formatValue(row[c], digits))}</td>`).join("")
        }</tr>`
      )
      .join("\n");
    const caption = this.options.caption ? `<caption>${escapeHtml(this.options.caption)}</caption>` : "";
    return `<div class="l2m-table"><table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>` +
      `<p class="l2m-table-footer">${escapeHtml(this.footer())}</p></div>`;
  }

  /** Returns the table as aligned plain text. */
  plain(): string {
    const digits = this.options.digits ?? 4;
    const width = this.options.plainWidth ?? 40;
    const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s).replace(/\s/g, " ");
    const cells = this.rows.map((row) => this.columns.map((c) => cut(formatValue(row[c], digits))));
    const widths = this.columns.map((c, i) => Math.max(cut(c).length, ...cells.map((r) => r[i]!.length)));
    const numeric = this.numericColumns();
    const pad = (s: string, i: number) =>
      numeric.has(this.columns[i]!) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!);
    const lines = [
      this.columns.map((c, i) => pad(cut(c), i)).join("  "),
      widths.map((w) => "-".repeat(w)).join("  "),
    ];
    for (const row of cells) lines.push(row.map(pad).join("  ").trimEnd());
    if (this.options.caption) lines.unshift(this.options.caption);
    lines.push(this.footer());
    return lines.join("\n");
  }

  bundle(): MimeBundle {
    return { "text/html": this.html(), "text/plain": this.plain() };
  }
}

/** Shows an arquero table: HTML with at most `limit` rows (20 by default) and the total row count. */
export function showTable(table: ColumnTable, options: TableOptions = {}): TableView {
  return new TableView(table, options);
}

/** A power-law fit y = prefactor · x^exponent, as returned by the project's fitting functions. */
export interface FitSummary {
  /** What was fitted, e.g. `I(X;Y) ~ L^β` or `two-point MI ~ d^-α`. */
  law?: string;
  prefactor: number;
  exponent: number;
  /** Confidence intervals [low, high]; `level` is their coverage (0.95 if omitted), `label` overrides the column title. */
  ci?: { prefactor?: [number, number]; exponent?: [number, number]; level?: number; label?: string };
  /** Coefficient of determination of the fit in log-log space. */
  r2?: number;
  /** Number of points fitted. */
  n?: number;
}

/** A displayed fit result; see {@link showFit}. */
export class FitView extends Displayable {
  readonly fit: FitSummary;

  constructor(fit: FitSummary | PowerLawFit, readonly digits = 4, law?: string) {
    super();
    this.fit = toFitSummary(fit, law);
    for (const key of ["prefactor", "exponent"] as const) {
      const value: unknown = this.fit[key];
      if (typeof value !== "number") {
        throw new InputError(`showFit: ${key} must be a number, got ${String(value)}`);
      }
    }
  }

  private rows(): [string, string, string][] {
    const f = (v: number) => formatValue(v, this.digits);
    const interval = (ci?: [number, number]) => (ci ? `[${f(ci[0])}, ${f(ci[1])}]` : "");
    const rows: [string, string, string][] = [
      ["prefactor", f(this.fit.prefactor), interval(this.fit.ci?.prefactor)],
      ["exponent", f(this.fit.exponent), interval(this.fit.ci?.exponent)],
    ];
    if (this.fit.r2 !== undefined) rows.push(["R²", f(this.fit.r2), ""]);
    if (this.fit.n !== undefined) rows.push(["points", String(this.fit.n), ""]);
    return rows;
  }

  private ciLabel(): string {
    return this.fit.ci?.label ?? `${Math.round((this.fit.ci?.level ?? 0.95) * 100)}% CI`;
  }

  bundle(): MimeBundle {
    const { prefactor, exponent } = this.fit;
    const law = this.fit.law ?? "power law";
    const equation = `y = ${formatValue(prefactor, this.digits)} · x^${formatValue(exponent, this.digits)}`;
    const hasCi = this.fit.ci !== undefined;
    const rows = this.rows()
      .map(([k, v, ci]) =>
        `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td>${
          hasCi ? `<td>${escapeHtml(ci)}</td>` : ""
        }</tr>`
      )
      .join("");
    const html = `<div class="l2m-fit"><p><b>${escapeHtml(law)}</b>: ` +
      `y = ${escapeHtml(formatValue(prefactor, this.digits))} · x<sup>${
        escapeHtml(formatValue(exponent, this.digits))
      }</sup></p>` +
      `<table><thead><tr><th></th><th>estimate</th>${
        hasCi ? `<th>${this.ciLabel()}</th>` : ""
      }</tr></thead>` +
      `<tbody>${rows}</tbody></table></div>`;
    const plain = [
      `${law}: ${equation}`,
      ...this.rows().map(([k, v, ci]) => `  ${k} ${v}${ci ? `  ${this.ciLabel()} ${ci}` : ""}`),
    ];
    return { "text/html": html, "text/plain": plain.join("\n") };
  }
}

/** Two-sided 95% quantile of the standard normal distribution. */
const Z95 = 1.959963984540054;

/**
 * Converts a `fitPowerLaw` result (`{A, beta, seLogA, seBeta, r2, n}`) into a {@link FitSummary}, with
 * 95% intervals from the OLS standard errors under a normal approximation; a summary passes through.
 */
export function toFitSummary(fit: FitSummary | PowerLawFit, law?: string): FitSummary {
  if (!("A" in fit && "beta" in fit)) return law ? { ...fit, law } : fit;
  const { A, beta, logA, seLogA, seBeta } = fit;
  return {
    law,
    prefactor: A,
    exponent: beta,
    ci: {
      prefactor: [Math.exp(logA - Z95 * seLogA), Math.exp(logA + Z95 * seLogA)],
      exponent: [beta - Z95 * seBeta, beta + Z95 * seBeta],
      label: "95% CI (±1.96 SE)",
    },
    r2: fit.r2,
    n: fit.n,
  };
}

/**
 * Shows a power-law fit: the equation, estimates with confidence intervals, R² and the point count.
 * Accepts a {@link FitSummary} or a `fitPowerLaw` result; `law` names what was fitted.
 */
export function showFit(
  fit: FitSummary | PowerLawFit,
  options: { law?: string; digits?: number } = {},
): FitView {
  return new FitView(fit, options.digits ?? 4, options.law);
}

/** Markdown shown as a cell output (rendered by Jupyter and by the report, raw HTML in it escaped). */
export class MarkdownView extends Displayable {
  constructor(readonly text: string) {
    super();
  }
  bundle(): MimeBundle {
    return { "text/markdown": this.text, "text/plain": this.text };
  }
}

/** Returns markdown text as a displayable output. */
export function markdown(text: string): MarkdownView {
  return new MarkdownView(text);
}

/** HTML shown as a cell output; build it with {@link html} so interpolated values are escaped. */
export class HtmlView extends Displayable {
  constructor(readonly markup: string, readonly plain: string) {
    super();
  }
  bundle(): MimeBundle {
    return { "text/html": this.markup, "text/plain": this.plain };
  }
}

/**
 * Tagged template for HTML output: the literal parts are trusted markup, every `${value}` is escaped.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { html } from "@l2m/notebook/display.ts";
 * const name = "<script>";
 * assert.ok(html`<b>${name}</b>`.markup === "<b>&lt;script&gt;</b>");
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): HtmlView {
  const stripTags = (literal: string) => literal.replace(/<[^>]*>/g, "");
  let markup = strings[0] ?? "";
  let plain = stripTags(strings[0] ?? "");
  values.forEach((value, i) => {
    const text = formatValue(value);
    markup += escapeHtml(text) + (strings[i + 1] ?? "");
    plain += text + stripTags(strings[i + 1] ?? "");
  });
  return new HtmlView(markup, plain);
}

/**
 * Typed Plotly figures with one shared theme. Figures are plain `{data, layout}` specs wrapped in a
 * {@link Figure} that renders itself in Jupyter and serialises with `toJSON()`.
 * @module
 */
export * from "./theme.ts";
export * from "./figure.ts";
export * from "./charts.ts";
export * from "./subplots.ts";
export * from "./from_table.ts";

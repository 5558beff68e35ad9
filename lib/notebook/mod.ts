/**
 * What notebooks import: run parameters, display helpers (tables, fits, markdown, progress) and result
 * files. The runner (`runner.ts`) and the report export (`report.ts`) are imported by path by the CLI,
 * so a notebook does not load the kernel client or the HTML toolchain.
 * @module
 */
export * from "./params.ts";
export * from "./display.ts";
export * from "./results.ts";

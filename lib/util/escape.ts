/**
 * Escaping for HTML output. Every string that comes from data (corpus text, file names, error messages,
 * table cells, stream output) passes through one of these before it reaches an HTML page or a `text/html`
 * display bundle.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml, jsonForScript } from "@l2m/util/escape.ts";
 * assert.ok(escapeHtml("<b>&") === "&lt;b&gt;&amp;");
 * assert.ok(!jsonForScript({ s: "</script>" }).includes("</"));
 * ```
 * @module
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes `&`, `<`, `>`, `"` and `'`, so the result is safe as element text and as a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/**
 * Serialises `value` as JSON that is safe inside an inline `<script>` element: `<`, `>`, `&` and the
 * line separators U+2028/U+2029 become `\uXXXX` escapes, so no string in the data can close the script.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Removes ANSI escape sequences (colours, cursor moves) as printed by Deno in tracebacks and logs. */
export function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, "");
}

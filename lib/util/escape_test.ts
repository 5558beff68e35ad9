import assert from "node:assert/strict";
import { escapeHtml, jsonForScript, stripAnsi } from "./escape.ts";

Deno.test("escapeHtml escapes markup and quotes", () => {
  assert.equal(
    escapeHtml(`<img src=x onerror="alert('1')">&`),
    "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;",
  );
});

Deno.test("jsonForScript round-trips and hides closers", () => {
  const value = { s: "</script><!-- & \u2028 \u2029" };
  const json = jsonForScript(value);
  assert.ok(!/[<>&\u2028\u2029]/.test(json));
  assert.deepEqual(JSON.parse(json), value);
  assert.equal(jsonForScript(undefined), "null");
});

Deno.test("stripAnsi removes colour codes", () => {
  assert.equal(stripAnsi("\u001b[31mError\u001b[0m: \u001b[1mbad\u001b[22m"), "Error: bad");
});

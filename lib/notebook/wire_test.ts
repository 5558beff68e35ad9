import assert from "node:assert/strict";
import { decodeMessage, encodeMessage, newHeader } from "./wire.ts";

const message = () => ({
  header: newHeader("execute_request", "session"),
  parent_header: {},
  metadata: {},
  content: { code: "1 + 1" },
});

Deno.test("wire round trip with identity frames", () => {
  const original = message();
  const frames = ["identity-1", "identity-2", ...encodeMessage("key", original)];
  assert.deepEqual(decodeMessage("key", frames), original);
});

Deno.test("wire rejects a wrong signature", () => {
  const frames = encodeMessage("key", message());
  assert.throws(() => decodeMessage("other key", frames), /HMAC signature/);
});

Deno.test("wire rejects a tampered frame", () => {
  const frames = encodeMessage("key", message());
  frames[5] = JSON.stringify({ code: "Deno.exit()" });
  assert.throws(() => decodeMessage("key", frames), /HMAC signature/);
});

Deno.test("wire rejects frames without delimiter", () => {
  assert.throws(() => decodeMessage("key", ["a", "b"]), /delimiter/);
});

import assert from "node:assert/strict";
import { charsTokenizer } from "./chars.ts";
import { tokenizerMismatch, tokenizerRecord } from "./record.ts";

Deno.test("tokenizer record compares corpora", async () => {
  const a = await tokenizerRecord(charsTokenizer({ corpus: ["call me ishmael"] }));
  const again = await tokenizerRecord(charsTokenizer({ corpus: ["call me ishmael"] }));
  const b = await tokenizerRecord(charsTokenizer({ corpus: ["0123456789"] }));
  assert.equal(a.name, "chars");
  assert.match(a.fingerprint, /^[0-9a-f]{16}$/);
  assert.equal(tokenizerMismatch(a, again), null);
  assert.notEqual(a.fingerprint, b.fingerprint);
  assert.match(
    tokenizerMismatch(a, b)!,
    /^expected tokenizer chars \(\d+ ids, fingerprint [0-9a-f]{16}\), got chars/,
  );
});

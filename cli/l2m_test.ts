import assert from "node:assert/strict";
import { main } from "./l2m.ts";

/** Runs `main` and returns its exit code and what it wrote to stderr. */
async function capture(args: string[]): Promise<{ code: number; stderr: string }> {
  const original = console.error;
  const lines: string[] = [];
  console.error = (...parts: unknown[]) => lines.push(parts.join(" "));
  try {
    return { code: await main(args), stderr: lines.join("\n") };
  } finally {
    console.error = original;
  }
}

Deno.test("a folder given as a file is a one-line input error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-cli-test-" });
  try {
    const { code, stderr } = await capture(["entropy", "--counts", dir]);
    assert.equal(code, 2);
    assert.match(stderr, /^l2m entropy: .*Is a directory.*check the path$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("unknown commands and options exit with status 2", async () => {
  assert.equal((await capture(["nosuch"])).code, 2);
  const { code, stderr } = await capture(["entropy", "--bogus"]);
  assert.equal(code, 2);
  assert.match(stderr, /--bogus.*\(options: .\/l2m help entropy\)/);
});

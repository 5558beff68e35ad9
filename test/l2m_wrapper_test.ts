import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const WRAPPER = fileURLToPath(new URL("../l2m", import.meta.url));

Deno.test("./l2m resolves relative paths against the caller's folder", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-wrapper-test-" });
  try {
    await Deno.writeTextFile(`${dir}/counts.txt`, "3\n1\n");
    const { code, stderr } = await new Deno.Command(WRAPPER, {
      args: ["entropy", "--counts", "counts.txt", "--estimator", "plugin", "--out", "h.csv"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const csv = await Deno.readTextFile(`${dir}/h.csv`);
    const h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    assert.equal(Number(csv.split("\n")[1]!.split(",")[1]), h);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

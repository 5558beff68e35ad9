import assert from "node:assert/strict";
import { join } from "node:path";
import { installKernelSpec, KERNEL_NAME } from "./kernelspec.ts";
import { toIpynb } from "./source.ts";

Deno.test("kernelspec install writes kernel.json", async () => {
  const dir = await Deno.makeTempDir({ prefix: "l2m-jupyter-" });
  const path = await installKernelSpec("/opt/deno/bin/deno", dir);
  assert.equal(path, join(dir, "kernels", "deno", "kernel.json"));
  const spec = JSON.parse(await Deno.readTextFile(path));
  assert.deepEqual(spec.argv, ["/opt/deno/bin/deno", "jupyter", "--kernel", "--conn", "{connection_file}"]);
  assert.equal(spec.display_name, "Deno (L2M Lab)");
  assert.equal(spec.language, "typescript");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("kernelspec name matches notebook metadata", () => {
  const notebook = toIpynb([{ kind: "code", text: "1" }], "x");
  assert.equal((notebook.metadata.kernelspec as { name: string }).name, KERNEL_NAME);
});

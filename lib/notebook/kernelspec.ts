/**
 * The project-local Jupyter kernelspec: `.jupyter/kernels/deno/kernel.json` under the project root,
 * found by Jupyter, JupyterLab and VS Code when `JUPYTER_PATH` points at `<project>/.jupyter`. It runs
 * the project's own Deno binary, so notebooks use the pinned Deno version. `deno jupyter` takes no
 * `--config` option: the kernel finds `deno.json` by searching upwards from its working folder, which
 * Jupyter sets to the notebook's folder (`notebooks/`, inside the project).
 *
 * @example
 * ```ts
 * import { kernelSpec } from "@l2m/notebook/kernelspec.ts";
 * const spec = kernelSpec("/opt/deno");
 * console.assert(spec.argv[0] === "/opt/deno" && spec.argv.includes("{connection_file}"));
 * ```
 * @module
 */
import { join } from "node:path";
import { writeJsonAtomic } from "../util/atomic.ts";
import { PROJECT_ROOT } from "./params.ts";

/** The kernel name notebooks refer to in `metadata.kernelspec.name`. */
export const KERNEL_NAME = "deno";

/** The folder to put in `JUPYTER_PATH`. */
export const JUPYTER_DIR: string = join(PROJECT_ROOT, ".jupyter");

/** The contents of a Jupyter `kernel.json`. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  env?: Record<string, string>;
}

/** Builds the kernelspec for the Deno binary at `denoPath`. */
export function kernelSpec(denoPath: string): KernelSpec {
  return {
    argv: [denoPath, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno (L2M Lab)",
    language: "typescript",
  };
}

/**
 * Writes the kernelspec for `denoPath` (default: the Deno running this process) under `jupyterDir`
 * (default `<project>/.jupyter`) and returns the path of `kernel.json`.
 */
export async function installKernelSpec(
  denoPath: string = Deno.execPath(),
  jupyterDir: string = JUPYTER_DIR,
): Promise<string> {
  const path = join(jupyterDir, "kernels", KERNEL_NAME, "kernel.json");
  await writeJsonAtomic(path, kernelSpec(denoPath));
  return path;
}

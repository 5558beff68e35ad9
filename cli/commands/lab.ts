/**
 * `l2m lab`: installs the project-local Deno kernelspec and prints how to open the notebooks in Jupyter.
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import type { Command } from "../command.ts";
import { installKernelSpec, JUPYTER_DIR, KERNEL_NAME, kernelSpec } from "../../lib/notebook/kernelspec.ts";
import { PROJECT_ROOT } from "../../lib/notebook/params.ts";

const HELP = `usage: deno task lab [--print]

Writes the Jupyter kernelspec "${KERNEL_NAME}" ("Deno (L2M Lab)") to .jupyter/kernels/${KERNEL_NAME}/kernel.json
(git-ignored). It runs this project's Deno binary, and the kernel picks up the project's deno.json
because Jupyter starts it in the notebook's folder. Then prints the commands that start Jupyter Notebook,
JupyterLab, VS Code or nbconvert with JUPYTER_PATH set so they find the kernel.

options:
  --print     only print the instructions; write nothing
  --install   write the kernelspec and print the instructions (the default)

example:
  deno task lab`;

/** Formats the instructions printed after installing: one command per Jupyter front end. */
export function labInstructions(): string {
  const env = `JUPYTER_PATH=${JUPYTER_DIR}`;
  const notebooks = join(PROJECT_ROOT, "notebooks");
  return `Start a front end with JUPYTER_PATH set, then pick the kernel "Deno (L2M Lab)":

  Jupyter Notebook (Debian: apt-get install jupyter-notebook python3-ipykernel):
    ${env} /usr/bin/jupyter notebook --notebook-dir=${notebooks}

  JupyterLab (not packaged by Debian 12; any installation works):
    ${env} jupyter lab --notebook-dir=${notebooks}

  VS Code with the Jupyter extension (start it from a shell so it inherits the variable):
    ${env} code ${PROJECT_ROOT}

  Headless, as the tests do (Debian: apt-get install jupyter-nbconvert python3-nbclient):
    ${env} /usr/bin/jupyter nbconvert --to notebook --execute \\
      --ExecutePreprocessor.kernel_name=${KERNEL_NAME} --output-dir /tmp ${notebooks}/<name>.ipynb

Debian's jupyter runs on /usr/bin/python3; call /usr/bin/jupyter if another python3 comes first on PATH.
A notebook opened this way runs at scale "default" with seed 0; set L2M_SCALE and L2M_SEED before
starting the front end to change them.`;
}

export const lab: Command = {
  name: "lab",
  summary: "install the project's Jupyter kernelspec and print how to start Jupyter",
  help: HELP,
  async run(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: { print: { type: "boolean", default: false }, install: { type: "boolean", default: false } },
      strict: true,
    });
    if (values.print) {
      console.log(`Kernelspec to install at ${join(JUPYTER_DIR, "kernels", KERNEL_NAME, "kernel.json")}:`);
      console.log(JSON.stringify(kernelSpec(Deno.execPath()), null, 2));
    } else {
      const path = await installKernelSpec();
      console.log(`Installed kernelspec "${KERNEL_NAME}" at ${path} (runs ${Deno.execPath()}).`);
    }
    console.log("\n" + labInstructions());
    return 0;
  },
};

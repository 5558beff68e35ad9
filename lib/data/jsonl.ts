/**
 * JSON Lines corpora: one JSON object per line, text in a configurable field (default `text`). Blank lines
 * are skipped; other fields that are strings or numbers become `meta`.
 *
 * @module
 */
import { InputError } from "../util/errors.ts";
import type { Corpus, TextDocument } from "./types.ts";
import { readUtf8File } from "./utf8.ts";

/** Options of {@link loadJsonl}. */
export interface JsonlOptions {
  /** Field holding the text (default `text`). */
  field?: string;
  /** Field used as the document id (default: the 1-based line number). */
  idField?: string;
}

/** Parses JSONL text; `source` names the file in errors, which also give the line number. */
export function parseJsonl(text: string, source: string, options: JsonlOptions = {}): TextDocument[] {
  const field = options.field ?? "text";
  const documents: TextDocument[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const where = `${source}:${i + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new InputError(`${where}: invalid JSON (${(error as Error).message})`);
    }
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new InputError(
        `${where}: expected a JSON object per line, got ${Array.isArray(row) ? "an array" : typeof row}`,
      );
    }
    const record = row as Record<string, unknown>;
    const value = record[field];
    if (typeof value !== "string") {
      const fields = Object.keys(record).join(", ") || "(none)";
      throw new InputError(
        value === undefined
          ? `${where}: no field "${field}"; fields present: ${fields} (choose one with jsonl:PATH:FIELD)`
          : `${where}: field "${field}" is ${typeof value}, not a string`,
      );
    }
    const meta: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(record)) {
      if (k !== field && (typeof v === "string" || typeof v === "number")) meta[k] = v;
    }
    const idValue = options.idField ? record[options.idField] : undefined;
    if (options.idField && idValue === undefined) {
      throw new InputError(`${where}: no id field "${options.idField}"`);
    }
    documents.push({ id: idValue === undefined ? String(i + 1) : String(idValue), text: value, meta });
  }
  return documents;
}

/** Loads a JSONL file; throws `InputError` for a missing file, invalid UTF-8 or JSON, or no documents. */
export async function loadJsonl(path: string, options: JsonlOptions = {}): Promise<Corpus> {
  const documents = parseJsonl(await readUtf8File(path), path, options);
  if (documents.length === 0) throw new InputError(`JSONL file ${path} contains no records`);
  return { name: `jsonl:${path}`, documents };
}

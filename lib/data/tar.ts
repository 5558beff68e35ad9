/**
 * A reader for gzip-compressed tar archives (npm package tarballs): ustar headers, PAX extended headers
 * (`path`, `size`) and GNU long names. Only regular files are returned; directories, links and device
 * entries are skipped because package tarballs need none of them.
 *
 * @example
 * ```ts
 * import { gunzipSync } from "node:zlib";
 * import { readTar } from "@l2m/data/tar.ts";
 * const empty = new Uint8Array(1024); // two zero blocks end an archive
 * console.assert(readTar(empty).length === 0);
 * ```
 * @module
 */
import { gunzipSync } from "node:zlib";
import { InputError } from "../util/errors.ts";

/** One regular file of an archive. */
export interface TarEntry {
  /** Path inside the archive, `/`-separated, as stored (npm tarballs start with `package/`). */
  path: string;
  data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

function readString(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** Parses a numeric header field: octal text, or base-256 when the top bit of the first byte is set. */
function readNumber(block: Uint8Array, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length);
  if ((field[0]! & 0x80) !== 0) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = readString(block, offset, length).trim();
  return text === "" ? 0 : parseInt(text, 8);
}

function checksumMatches(block: Uint8Array): boolean {
  const stored = readNumber(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === stored;
}

/** Parses PAX records (`<length> <key>=<value>\n`). */
function parsePax(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = parseInt(decoder.decode(data.subarray(offset, space)), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = decoder.decode(data.subarray(space + 1, offset + length - 1));
    const equals = record.indexOf("=");
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return records;
}

/** Lists the regular files of an uncompressed tar archive; throws an `InputError` on a corrupt header. */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let pendingPath: string | undefined;
  let pendingSize: number | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    if (!checksumMatches(header)) {
      throw new InputError(`corrupt tar archive: invalid header checksum at byte ${offset}`);
    }
    const type = String.fromCharCode(header[156]!);
    const size = pendingSize ?? readNumber(header, 124, 12);
    const start = offset + BLOCK;
    if (start + size > archive.length) {
      throw new InputError(`corrupt tar archive: entry at byte ${offset} runs past the end of the archive`);
    }
    const data = archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;

    if (type === "x") {
      const pax = parsePax(data);
      pendingPath = pax.get("path") ?? pendingPath;
      const paxSize = pax.get("size");
      if (paxSize !== undefined) pendingSize = Number(paxSize);
      continue;
    }
    if (type === "L") {
      pendingPath = readString(data, 0, data.length);
      continue;
    }
    if (type === "g") continue;

    let path = pendingPath;
    if (path === undefined) {
      const name = readString(header, 0, 100);
      const magic = readString(header, 257, 6);
      const prefix = magic.startsWith("ustar") ? readString(header, 345, 155) : "";
      path = prefix ? `${prefix}/${name}` : name;
    }
    pendingPath = undefined;
    pendingSize = undefined;
    if (type === "0" || type === "\0" || type === "7") entries.push({ path, data: data.slice() });
  }
  return entries;
}

/** Decompresses a `.tar.gz` (`.tgz`) archive and lists its regular files. */
export function readTarGz(archive: Uint8Array): TarEntry[] {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(archive);
  } catch (error) {
    throw new InputError(`corrupt gzip data: ${(error as Error).message}`);
  }
  return readTar(tar);
}

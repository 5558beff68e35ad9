/**
 * Strict UTF-8 decoding: invalid input is an `InputError` naming the source and the byte offset of the
 * first invalid sequence, instead of silently becoming U+FFFD.
 *
 * @example
 * ```ts
 * import { decodeUtf8 } from "@l2m/data/utf8.ts";
 * console.assert(decodeUtf8(new Uint8Array([0x68, 0x69]), "a.txt") === "hi");
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";

/**
 * Returns the byte offset of the first invalid UTF-8 sequence in `bytes`, or −1 if it is valid.
 * Follows the Unicode well-formedness table: no overlong forms, no surrogates, nothing above U+10FFFF.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decodes `bytes` as UTF-8 (a leading BOM is dropped); throws `InputError` naming `source` and the offset. */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return fatal.decode(bytes);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const offset = firstInvalidUtf8(bytes);
    throw new InputError(
      `${source}: invalid UTF-8 at byte offset ${offset} (byte 0x${
        bytes[offset]?.toString(16).padStart(2, "0")
      }); ` +
        "re-encode the file as UTF-8",
    );
  }
}

/** Reads a file and decodes it strictly as UTF-8; a missing file is an `InputError`. */
export async function readUtf8File(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputError(`file not found: ${path}`);
    throw error;
  }
  return decodeUtf8(bytes, path);
}

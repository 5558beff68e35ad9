/**
 * Atomic file writes: data goes to a temporary file in the target folder, then a rename replaces the
 * target. A reader sees the old file or the new one, never a half-written one, even if the process is
 * killed mid-write. Temporary names end in `.tmp-<pid>-<random>` and are git-ignored.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "@l2m/util/atomic.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/a/b.txt`, "hello");
 * console.assert((await Deno.readTextFile(`${dir}/a/b.txt`)) === "hello");
 * ```
 * @module
 */
import { dirname } from "node:path";

/** Writes `data` to `path` atomically, creating parent folders. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
    try {
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/** Serialises `value` as indented JSON and writes it atomically. */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/** Synchronous variant of {@link writeFileAtomic}, for exit handlers and Workers without an event loop turn. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  Deno.mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  try {
    if (typeof data === "string") Deno.writeTextFileSync(tmp, data);
    else Deno.writeFileSync(tmp, data);
    Deno.renameSync(tmp, path);
  } catch (error) {
    try {
      Deno.removeSync(tmp);
    } catch { /* the temporary file was never created */ }
    throw error;
  }
}

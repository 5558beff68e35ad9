/**
 * Removal of the temporary files that atomic writes leave behind when a process dies mid-write. Those
 * files are named `<target>.tmp-<pid>-<random>` (see lib/util/atomic.ts), so the writer's PID shows
 * whether the write may still be in progress.
 *
 * @example
 * ```ts
 * import { removeTempFiles } from "@l2m/notebook/tempfiles.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.json.tmp-999999999-abcd1234`, "{");
 * console.assert(removeTempFiles(dir).length === 1);
 * ```
 * @module
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const TEMP_NAME = /\.tmp-(\d+)-[0-9a-f]+$/;

/** Checks that `pid` runs: it has a `/proc` entry that is not a zombie (exited but not yet reaped). */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/**
 * Deletes temporary files under `root` (recursively) and returns their paths. With `pids`, only files
 * written by those processes go; without, only files whose writer is no longer running (Linux `/proc`).
 * Synchronous, so that it can run in a signal handler just before exit.
 */
export function removeTempFiles(root: string, pids?: number[]): string[] {
  const removed: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // the folder does not exist (yet)
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const match = TEMP_NAME.exec(entry.name);
      if (!match) continue;
      const pid = Number(match[1]);
      if (pids ? pids.includes(pid) : !isAlive(pid)) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    }
  };
  walk(root);
  return removed;
}

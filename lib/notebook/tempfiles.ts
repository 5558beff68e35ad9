/**
 * Removal of the temporary files that atomic writes leave behind when a process dies mid-write. Those
 * files are named `<target>.tmp-<pid>-<random>` (see lib/util/atomic.ts), so the writer's PID shows
 * whether the write may still be in progress. Kernel connection folders (`<tmp>/l2m-kernel-<pid>-<random>`,
 * holding `kernel.json` with the HMAC key) are named after the runner's PID in the same way, so that
 * those of a runner killed by SIGKILL can be removed by the next run.
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
import { lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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

/** Name prefix of the kernel connection folders a runner with process id `pid` creates. */
export function kernelDirPrefix(pid: number = Deno.pid): string {
  return `l2m-kernel-${pid}-`;
}

const KERNEL_DIR_NAME = /^l2m-kernel-(\d+)-[0-9a-zA-Z]+$/;

/**
 * Deletes this user's kernel connection folders under `tmpRoot` whose creating process no longer runs,
 * and returns their paths. `tmpRoot` defaults to the system temporary folder (`$TMPDIR` or `/tmp`).
 * Folders named without a PID (made before the PID was part of the name) are kept, because nothing
 * shows whether their runner still runs.
 */
export function removeStaleKernelDirs(tmpRoot: string = tmpdir()): string[] {
  const removed: string[] = [];
  let entries;
  try {
    entries = readdirSync(tmpRoot, { withFileTypes: true });
  } catch {
    return removed;
  }
  const uid = Deno.uid();
  for (const entry of entries) {
    const match = KERNEL_DIR_NAME.exec(entry.name);
    if (!match || !entry.isDirectory()) continue;
    const path = join(tmpRoot, entry.name);
    try {
      if (uid !== null && lstatSync(path).uid !== uid) continue;
      if (isAlive(Number(match[1]))) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch { /* removed meanwhile, or not ours to remove */ }
  }
  return removed;
}

/**
 * Registry of child processes (kernels) that must not outlive this process. While a child or an abort
 * hook is registered, SIGINT and SIGTERM kill every registered child with SIGKILL, run the abort hooks
 * (which remove partial files) and exit with status 128 + signal number. The `unload` event kills them too.
 * A SIGKILL of this process cannot be caught: kernels are started under `setpriv --pdeathsig KILL`
 * (see kernel.ts), so Linux kills them when this process dies.
 *
 * @example
 * ```ts
 * import { liveChildren, trackChild, untrackChild } from "@l2m/notebook/processes.ts";
 * trackChild(999_999_999, "example");
 * console.assert(liveChildren().length >= 1);
 * untrackChild(999_999_999);
 * ```
 * @module
 */

const children = new Map<number, string>();
const abortHooks = new Set<() => void>();
const SIGNALS = [["SIGINT", 2], ["SIGTERM", 15]] as const;
const handlers = new Map<Deno.Signal, () => void>();

function killAll(): void {
  for (const pid of children.keys()) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* the process has already exited */ }
  }
  children.clear();
}

function install(): void {
  if (handlers.size > 0) return;
  for (const [signal, number] of SIGNALS) {
    const handler = () => {
      console.error(`received ${signal}: killing ${children.size} kernel process(es) and exiting`);
      killAll();
      for (const hook of abortHooks) {
        try {
          hook();
        } catch (error) {
          console.error(`cleanup after ${signal} failed: ${error}`);
        }
      }
      Deno.exit(128 + number);
    };
    handlers.set(signal, handler);
    Deno.addSignalListener(signal, handler);
  }
  globalThis.addEventListener("unload", killAll);
}

function uninstall(): void {
  for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  handlers.clear();
  globalThis.removeEventListener("unload", killAll);
}

/** Registers a child process to kill on SIGINT, SIGTERM or exit; `label` names it in messages. */
export function trackChild(pid: number, label: string): void {
  children.set(pid, label);
  install();
}

/** Forgets a child process that has exited or was shut down. */
export function untrackChild(pid: number): void {
  children.delete(pid);
  if (children.size === 0 && abortHooks.size === 0) uninstall();
}

/** Lists the PIDs and labels of registered children. */
export function liveChildren(): [number, string][] {
  return [...children];
}

/**
 * Registers a synchronous hook to run after the children are killed on SIGINT or SIGTERM, e.g. to
 * delete temporary files. Returns a function that unregisters it.
 */
export function onAbort(hook: () => void): () => void {
  abortHooks.add(hook);
  install();
  return () => {
    abortHooks.delete(hook);
    if (children.size === 0 && abortHooks.size === 0) uninstall();
  };
}

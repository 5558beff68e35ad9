/**
 * Parallel growth-experiment sweeps: a pool of Deno module Workers (default one per core), each with its
 * own tfjs backend, pulling {@link GrowthJob}s from a shared queue, as `runSweep` in `lib/train` does
 * for dense models.
 *
 * @example
 * ```ts ignore
 * const results = await runGrowthSweep(jobs, { onStep: (id, r) => console.log(id, r.step, r.loss) });
 * ```
 * @module
 */
import type { BackendName } from "../backend.ts";
import type { StepReport } from "../../train/trainer.ts";
import type { GrowthJob, GrowthResult } from "./job.ts";

/** Options of {@link runGrowthSweep}. */
export interface GrowthSweepOptions {
  /** Number of Workers (default `navigator.hardwareConcurrency`, capped by the number of jobs). */
  workers?: number;
  /** Backend inside each Worker (default wasm). */
  backend?: BackendName;
  onStep?: (id: string, report: StepReport) => void;
  onResult?: (result: GrowthResult) => void;
  /** Post progress every this many steps (default 10). */
  reportEvery?: number;
}

/** Runs `jobs` across Workers; resolves to results in the order of `jobs`, rejects on the first failure. */
export async function runGrowthSweep(
  jobs: GrowthJob[],
  options: GrowthSweepOptions = {},
): Promise<GrowthResult[]> {
  const n = Math.max(1, Math.min(options.workers ?? navigator.hardwareConcurrency ?? 1, jobs.length));
  const results = new Array<GrowthResult>(jobs.length);
  let next = 0;
  const workers: Worker[] = [];
  const runOne = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const pull = () => {
        if (next >= jobs.length) return resolve();
        const index = next++;
        const job = jobs[index]!;
        worker.onmessage = (e: MessageEvent) => {
          const m = e.data;
          if (m.type === "step") options.onStep?.(m.id, m.report);
          else if (m.type === "result") {
            results[index] = m.result;
            options.onResult?.(m.result);
            pull();
          } else if (m.type === "error") reject(new Error(`job ${m.id} failed in a worker:\n${m.message}`));
        };
        worker.onerror = (e) => {
          e.preventDefault();
          reject(new Error(`worker crashed on job ${job.id}: ${e.message}`));
        };
        worker.postMessage({ job, backend: options.backend, reportEvery: options.reportEvery ?? 10 });
      };
      pull();
    });
  try {
    for (let i = 0; i < n; i++) {
      workers.push(new Worker(new URL("./sweep_worker.ts", import.meta.url).href, { type: "module" }));
    }
    await Promise.all(workers.map(runOne));
    return results;
  } finally {
    for (const w of workers) w.terminate();
  }
}

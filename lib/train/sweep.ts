/**
 * Parallel sweeps of dense-model {@link TrainJob}s over a pool of Deno Workers, one per core by default
 * (see `worker_pool.ts`).
 *
 * @example
 * ```ts ignore
 * const results = await runSweep(jobs, { onStep: (id, r) => console.log(id, r.step, r.loss) });
 * ```
 * @module
 */
import type { JobResult, TrainJob } from "./job.ts";
import { runWorkerPool, type WorkerPoolOptions } from "./worker_pool.ts";

/** Options of {@link runSweep}. */
export type SweepOptions = WorkerPoolOptions<JobResult>;

/** Runs `jobs` across Workers; resolves to results in the order of `jobs`. Rejects on the first failure. */
export function runSweep(jobs: TrainJob[], options: SweepOptions = {}): Promise<JobResult[]> {
  return runWorkerPool(new URL("./sweep_worker.ts", import.meta.url).href, jobs, options);
}

/**
 * Parallel growth-experiment sweeps: {@link GrowthJob}s over the same Worker pool that `runSweep` in
 * `lib/train` uses for dense models, one Worker per core by default.
 *
 * @example
 * ```ts ignore
 * const results = await runGrowthSweep(jobs, { onStep: (id, r) => console.log(id, r.step, r.loss) });
 * ```
 * @module
 */
import { runWorkerPool, type WorkerPoolOptions } from "../../train/worker_pool.ts";
import type { GrowthJob, GrowthResult } from "./job.ts";

/** Options of {@link runGrowthSweep}. */
export type GrowthSweepOptions = WorkerPoolOptions<GrowthResult>;

/** Runs `jobs` across Workers; resolves to results in the order of `jobs`, rejects on the first failure. */
export function runGrowthSweep(jobs: GrowthJob[], options: GrowthSweepOptions = {}): Promise<GrowthResult[]> {
  return runWorkerPool(new URL("./sweep_worker.ts", import.meta.url).href, jobs, options);
}

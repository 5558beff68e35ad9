/**
 * A pool of Deno module Workers (default: one per core), each with its own tfjs backend, pulling jobs
 * from a shared queue. On CPU this is the only way to use more than one core, since tfjs's wasm backend
 * cannot run multi-threaded under Deno. `runSweep` (dense models) and `runGrowthSweep` (sparse models)
 * are this pool with their own Worker entry; a Worker entry calls {@link serveJobs}.
 *
 * Messages in: `{ job, backend, reportEvery }`. Out: `{ type: "step", id, report }`,
 * `{ type: "result", result }`, `{ type: "error", id, message }`.
 * @module
 */
import { type BackendName, initBackend } from "../models/backend.ts";
import type { StepReport } from "./trainer.ts";

/** Options of {@link runWorkerPool}. */
export interface WorkerPoolOptions<R> {
  /** Number of Workers (default: `navigator.hardwareConcurrency`, capped by the number of jobs). */
  workers?: number;
  /** Backend inside each Worker (default wasm). */
  backend?: BackendName;
  /** Called from the main thread with each Worker's progress. */
  onStep?: (id: string, report: StepReport) => void;
  /** Called when a job finishes. */
  onResult?: (result: R) => void;
  /** Post progress every this many steps (default 10). */
  reportEvery?: number;
}

/**
 * Runs `jobs` across Workers started from `workerUrl`; resolves to results in the order of `jobs`.
 * Rejects on the first failure, naming the job.
 */
export async function runWorkerPool<J extends { id: string }, R>(
  workerUrl: string,
  jobs: J[],
  options: WorkerPoolOptions<R> = {},
): Promise<R[]> {
  const n = Math.max(1, Math.min(options.workers ?? navigator.hardwareConcurrency ?? 1, jobs.length));
  const results = new Array<R>(jobs.length);
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
    for (let i = 0; i < n; i++) workers.push(new Worker(workerUrl, { type: "module" }));
    await Promise.all(workers.map(runOne));
    return results;
  } finally {
    for (const w of workers) w.terminate();
  }
}

/**
 * Serves jobs inside a Worker: initialises the backend once (wasm by default), then runs each job it is
 * sent with `run`, posting progress every `reportEvery` steps and the result or the error.
 */
export function serveJobs<J extends { id: string; steps: number }, R>(
  run: (job: J, onStep: (report: StepReport) => void) => Promise<R>,
): void {
  let ready: Promise<unknown> | null = null;
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    postMessage(m: unknown): void;
  };
  scope.onmessage = async (e: MessageEvent) => {
    const { job, backend, reportEvery } = e.data as { job: J; backend?: BackendName; reportEvery: number };
    try {
      ready ??= initBackend({ prefer: backend ?? "wasm" });
      await ready;
      const result = await run(job, (report) => {
        if (report.step % reportEvery === 0 || report.step === job.steps) {
          scope.postMessage({ type: "step", id: job.id, report });
        }
      });
      scope.postMessage({ type: "result", result });
    } catch (error) {
      scope.postMessage({ type: "error", id: job.id, message: String((error as Error)?.stack ?? error) });
    }
  };
}

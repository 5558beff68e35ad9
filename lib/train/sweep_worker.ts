/**
 * Worker entry for {@link runSweep}: initialises its own backend (wasm by default), then runs the jobs
 * it is sent one at a time, posting progress and results.
 *
 * Messages in: `{ type: "job", job, backend }`. Out: `{ type: "step", id, report }`,
 * `{ type: "result", result }`, `{ type: "error", id, message }`.
 * @module
 */
import { type BackendName, initBackend } from "../models/backend.ts";
import { runJob, type TrainJob } from "./job.ts";

let ready: Promise<unknown> | null = null;
const scope = self as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = async (e: MessageEvent) => {
  const { job, backend, reportEvery } = e.data as {
    job: TrainJob;
    backend?: BackendName;
    reportEvery: number;
  };
  try {
    ready ??= initBackend({ prefer: backend ?? "wasm" });
    await ready;
    const result = await runJob(job, (report) => {
      if (report.step % reportEvery === 0 || report.step === job.steps) {
        scope.postMessage({ type: "step", id: job.id, report });
      }
    });
    scope.postMessage({ type: "result", result });
  } catch (error) {
    scope.postMessage({ type: "error", id: job.id, message: String((error as Error)?.stack ?? error) });
  }
};

/**
 * Worker entry for {@link runGrowthSweep}: initialises its own backend (wasm by default) and runs the
 * growth jobs it is sent one at a time. Messages follow `lib/train/sweep_worker.ts`: in
 * `{ job, backend, reportEvery }`; out `{ type: "step", id, report }`, `{ type: "result", result }`,
 * `{ type: "error", id, message }`.
 * @module
 */
import { type BackendName, initBackend } from "../backend.ts";
import { type GrowthJob, runGrowthJob } from "./job.ts";

let ready: Promise<unknown> | null = null;
const scope = self as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = async (e: MessageEvent) => {
  const { job, backend, reportEvery } = e.data as {
    job: GrowthJob;
    backend?: BackendName;
    reportEvery: number;
  };
  try {
    ready ??= initBackend({ prefer: backend ?? "wasm" });
    await ready;
    const result = await runGrowthJob(job, (report) => {
      if (report.step % reportEvery === 0 || report.step === job.steps) {
        scope.postMessage({ type: "step", id: job.id, report });
      }
    });
    scope.postMessage({ type: "result", result });
  } catch (error) {
    scope.postMessage({ type: "error", id: job.id, message: String((error as Error)?.stack ?? error) });
  }
};

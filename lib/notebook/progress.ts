/**
 * Progress of a long loop (training steps, estimator sweeps). In the Deno Jupyter kernel the display
 * updates in place: the first report is sent as `display_data` with a `display_id`, later ones as
 * `update_display_data` for that id, through `Deno.jupyter.broadcast`. Anywhere else (the terminal, a
 * test) it prints plain lines such as `step 200/1000: loss 1.88, 56 ms/step` at most once per interval.
 *
 * NOTE: in the kernel an update is sent when the loop next awaits something, so a loop that never
 * awaits shows only its final state.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { progress } from "@l2m/notebook/progress.ts";
 * const lines: string[] = [];
 * const p = progress({ total: 3, intervalMs: 0, print: (line) => lines.push(line) });
 * for (let step = 1; step <= 3; step++) p.update(step, { loss: 1 / step });
 * p.done();
 * assert.ok(lines[0]!.startsWith("step 1/3: loss 1"));
 * ```
 * @module
 */
import { escapeHtml } from "../util/escape.ts";

/** Named numbers reported with a step, e.g. `{ loss: 1.88 }`. */
export type Metrics = Record<string, number>;

/** The part of `Deno.jupyter` this module uses. */
export interface JupyterBroadcast {
  broadcast(type: string, content: Record<string, unknown>): Promise<void>;
}

/** Returns `Deno.jupyter` inside the Deno kernel; outside it, reading the property throws, so `undefined`. */
export function jupyterApi(): JupyterBroadcast | undefined {
  try {
    // deno-lint-ignore no-explicit-any
    const api = (globalThis as any).Deno?.jupyter;
    return typeof api?.broadcast === "function" ? api as JupyterBroadcast : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Number of steps, if known; shown as `step 200/1000`. */
  total?: number;
  /** Prefix of every report, e.g. `train`. */
  label?: string;
  /** Minimum time between two reports, in milliseconds (2000 in a terminal, 250 in a notebook by default). */
  intervalMs?: number;
  /** Output function for terminal lines (default `console.log`). */
  print?: (line: string) => void;
  /** `"terminal"` forces plain lines even inside the kernel. */
  mode?: "terminal";
  /** Broadcaster used instead of `Deno.jupyter` (tests, other kernels). */
  jupyter?: JupyterBroadcast;
}

function formatMetric(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e5 || (value !== 0 && Math.abs(value) < 1e-3)
    ? value.toExponential(2)
    : String(Number(value.toPrecision(3)));
}

/** Reports the progress of a loop; see the module documentation. */
export class Progress {
  readonly displayId = `l2m-progress-${crypto.randomUUID()}`;
  private readonly started = performance.now();
  private lastReportTime = -Infinity;
  private lastReportStep = 0;
  private lastReportAt = performance.now();
  private step = 0;
  private metrics: Metrics = {};
  private msPerStep: number | undefined;
  private shown = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly jupyter: JupyterBroadcast | undefined;

  constructor(readonly options: ProgressOptions = {}) {
    this.jupyter = options.mode === "terminal" ? undefined : (options.jupyter ?? jupyterApi());
  }

  /** Whether reports update a notebook display in place. */
  get inNotebook(): boolean {
    return this.jupyter !== undefined;
  }

  /** Records that `step` steps are done, with their metrics; reports if the interval has passed. */
  update(step: number, metrics: Metrics = {}): void {
    this.step = step;
    this.metrics = metrics;
    const now = performance.now();
    const interval = this.options.intervalMs ?? (this.inNotebook ? 250 : 2000);
    if (now - this.lastReportTime >= interval) this.report(now);
  }

  /** Reports the final state; returns once a notebook display has been updated. */
  done(metrics?: Metrics): Promise<void> {
    if (metrics) this.metrics = metrics;
    this.report(performance.now(), true);
    return this.queue;
  }

  /** Returns the current report as one line, e.g. `train step 200/1000: loss 1.88, 56 ms/step`. */
  line(finished = false): string {
    const label = this.options.label ? `${this.options.label} ` : "";
    const total = this.options.total !== undefined ? `/${this.options.total}` : "";
    const parts = Object.entries(this.metrics).map(([k, v]) => `${k} ${formatMetric(v)}`);
    if (this.msPerStep !== undefined) parts.push(`${formatMetric(this.msPerStep)} ms/step`);
    if (finished) parts.push(`done in ${formatMetric((performance.now() - this.started) / 1000)} s`);
    return `${label}step ${this.step}${total}${parts.length ? ": " : ""}${parts.join(", ")}`;
  }

  private report(now: number, finished = false): void {
    const steps = this.step - this.lastReportStep;
    if (steps > 0) this.msPerStep = (now - this.lastReportAt) / steps;
    this.lastReportStep = this.step;
    this.lastReportAt = now;
    this.lastReportTime = now;
    const line = this.line(finished);
    if (!this.jupyter) {
      (this.options.print ?? console.log)(line);
      return;
    }
    const type = this.shown ? "update_display_data" : "display_data";
    this.shown = true;
    const content = { data: this.bundle(line), metadata: {}, transient: { display_id: this.displayId } };
    const jupyter = this.jupyter;
    this.queue = this.queue.then(() => jupyter.broadcast(type, content)).catch((error) => {
      console.error(`progress display failed: ${(error as Error).message}`);
    });
  }

  private bundle(line: string): Record<string, string> {
    const total = this.options.total;
    const bar = total ? `<progress value="${Math.min(this.step, total)}" max="${total}"></progress> ` : "";
    return {
      "text/html": `<div class="l2m-progress">${bar}<code>${escapeHtml(line)}</code></div>`,
      "text/plain": line,
    };
  }

  /** Jupyter display hook: the current state as a static output. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return this.bundle(this.line());
  }
}

/** Starts a progress report; call `update(step, metrics)` in the loop and `done()` after it. */
export function progress(options: ProgressOptions = {}): Progress {
  return new Progress(options);
}

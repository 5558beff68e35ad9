/**
 * Turns a cell's IOPub messages into nbformat 4 outputs, as Jupyter's own clients do. Consecutive
 * text of the same stream is merged. `update_display_data` replaces the data of every earlier output
 * with the same `display_id`, in any cell. `clear_output` empties the cell's outputs, or with
 * `wait: true` does so just before the next output arrives.
 *
 * @example
 * ```ts
 * import { OutputCollector } from "@l2m/notebook/outputs.ts";
 * const collector = new OutputCollector();
 * const message = (msg_type: string, content: Record<string, unknown>) => ({
 *   header: { msg_id: "m", session: "s", username: "u", date: "", msg_type, version: "5.3" },
 *   parent_header: {},
 *   metadata: {},
 *   content,
 * });
 * collector.add(message("stream", { name: "stdout", text: "a\n" }), new Map());
 * collector.add(message("stream", { name: "stdout", text: "b\n" }), new Map());
 * console.assert(collector.outputs.length === 1 && collector.outputs[0]!.text === "a\nb\n");
 * ```
 * @module
 */
import type { Message } from "./wire.ts";

/** One nbformat 4 output (`stream`, `display_data`, `execute_result` or `error`). */
export interface CellOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  [field: string]: unknown;
}

/** Collects the outputs of one `execute_request` from its IOPub messages. */
export class OutputCollector implements IopubSink {
  readonly outputs: CellOutput[] = [];
  /** The first `error` message's content, if the cell raised. */
  error?: { ename: string; evalue: string; traceback: string[] };
  /** `Date.now()` of the latest IOPub message for this request. */
  lastMessageAt = Date.now();
  /** Resolves when the kernel publishes `status: idle` for this request. */
  readonly idle: Promise<void>;
  private markIdle!: () => void;
  private clearPending = false;

  constructor() {
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
  }

  /**
   * Applies one IOPub message. `displays` maps each `display_id` to the outputs showing it. All cells of
   * a kernel share it, so that an update reaches outputs of earlier cells.
   */
  add(message: Message, displays: Map<string, CellOutput[]>): void {
    this.lastMessageAt = Date.now();
    const content = message.content;
    const displayId = (content.transient as { display_id?: string } | undefined)?.display_id;

    switch (message.header.msg_type) {
      case "status":
        if (content.execution_state === "idle") this.markIdle();
        return;
      case "clear_output":
        if (content.wait) this.clearPending = true;
        else this.outputs.length = 0;
        return;
      case "stream": {
        this.flushClear();
        const last = this.outputs[this.outputs.length - 1];
        if (last?.output_type === "stream" && last.name === content.name) {
          last.text = String(last.text) + String(content.text);
        } else {
          this.outputs.push({ output_type: "stream", name: content.name, text: String(content.text) });
        }
        return;
      }
      case "display_data": {
        this.flushClear();
        const output: CellOutput = {
          output_type: "display_data",
          data: content.data ?? {},
          metadata: content.metadata ?? {},
        };
        this.outputs.push(output);
        if (displayId) displays.set(displayId, [...(displays.get(displayId) ?? []), output]);
        return;
      }
      case "update_display_data":
        for (const output of (displayId && displays.get(displayId)) || []) {
          output.data = content.data ?? {};
          output.metadata = content.metadata ?? {};
        }
        return;
      case "execute_result":
        this.flushClear();
        this.outputs.push({
          output_type: "execute_result",
          execution_count: content.execution_count ?? null,
          data: content.data ?? {},
          metadata: content.metadata ?? {},
        });
        return;
      case "error": {
        this.flushClear();
        const error = {
          ename: String(content.ename ?? "Error"),
          evalue: String(content.evalue ?? ""),
          traceback: (content.traceback as string[] | undefined) ?? [],
        };
        this.error ??= error;
        this.outputs.push({ output_type: "error", ...error });
        return;
      }
      default:
        return; // execute_input, comm messages: not stored in the notebook
    }
  }

  private flushClear(): void {
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
  }
}

/** Receives the IOPub messages of one request. */
export interface IopubSink {
  add(message: Message, displays: Map<string, CellOutput[]>): void;
}

/**
 * Collects the IOPub messages of a barrier request: a silent cell that prints `marker` after a real
 * cell has finished. The Deno kernel forwards stdout through a queue and labels each chunk with the
 * request that is current when the chunk is sent. So the real cell's late stdout may arrive labelled
 * with the barrier request, always before the marker. This sink passes every such output on to the
 * real cell's collector, drops the marker line, and resolves `done` once the marker and `status: idle`
 * have both arrived.
 */
export class BarrierSink implements IopubSink {
  /** Resolves when the marker line and the barrier's `status: idle` have arrived. */
  readonly done: Promise<void>;
  private markDone!: () => void;
  private markerSeen = false;
  private idle = false;

  constructor(private readonly target: OutputCollector, private readonly marker: string) {
    this.done = new Promise((resolve) => (this.markDone = resolve));
  }

  add(message: Message, displays: Map<string, CellOutput[]>): void {
    const type = message.header.msg_type;
    if (type === "status") {
      if (message.content.execution_state === "idle") this.idle = true;
    } else if (type === "stream" && String(message.content.text).includes(this.marker)) {
      const text = String(message.content.text).replace(`${this.marker}\n`, "");
      this.markerSeen = true;
      if (text !== "") this.target.add({ ...message, content: { ...message.content, text } }, displays);
    } else if (type !== "execute_input") {
      this.target.add(message, displays);
    }
    if (this.idle && this.markerSeen) this.markDone();
  }
}

/**
 * A Jupyter client for `deno jupyter --kernel` over ZeroMQ, used by the headless notebook runner.
 *
 * Behaviour of the Deno 2.9 kernel that shapes this client:
 * - it drops requests that arrive while it starts, so `kernel_info_request` is resent until a reply and
 *   an IOPub message for it arrive (the latter also proves the IOPub subscription is live);
 * - it sometimes publishes `status: idle` before a cell's outputs, because stdout goes through a queue
 *   whose chunks are labelled with whichever request is current when they are sent. After idle and the
 *   shell reply, the client therefore runs a silent barrier cell that prints a marker, and counts every
 *   output that comes before the marker as the finished cell's (see `BarrierSink` in outputs.ts). It
 *   also keeps reading IOPub until `drainMs` pass with no message for that cell. An output that arrives
 *   even later is still appended to its cell's output list while the kernel runs;
 * - a `receiveTimeout` on a zeromq.js socket crashed Deno, so timeouts race a pending receive with a timer.
 *
 * @module
 */
import * as zmq from "zeromq";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { decodeMessage, encodeMessage, type Message, newHeader } from "./wire.ts";
import { BarrierSink, type CellOutput, type IopubSink, OutputCollector } from "./outputs.ts";
import { onAbort, trackChild, untrackChild } from "./processes.ts";
import { kernelDirPrefix } from "./tempfiles.ts";

/** Options for {@link Kernel.start}. */
export interface KernelOptions {
  /** Working folder of the kernel; the `deno.json` found from here upwards applies to the cells. */
  cwd: string;
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /** Deno executable; default: the one running this process. */
  denoPath?: string;
  /** Time allowed for the kernel to reply to `kernel_info_request`, in ms; default 120 000. */
  startTimeoutMs?: number;
  /** Quiet time on IOPub after `status: idle` before a cell counts as finished, in ms; default 50. */
  drainMs?: number;
}

/** An error raised by cell code, as the kernel reports it. */
export interface KernelError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The result of one `execute_request`. */
export interface ExecuteResult {
  status: "ok" | "error" | "aborted";
  executionCount: number | null;
  /** nbformat outputs of the cell, in arrival order (consecutive stream text merged). */
  outputs: CellOutput[];
  error?: KernelError;
  /** ISO time the request was sent and the time the cell counted as finished. */
  startedAt: string;
  finishedAt: string;
}

/** A cell ran past its time limit; the kernel is left running and should be shut down. */
export class KernelTimeoutError extends Error {
  override name = "KernelTimeoutError";
}

/** The kernel process exited or could not be started. */
export class KernelDiedError extends Error {
  override name = "KernelDiedError";
}

/**
 * An IOPub message could not be decoded, so outputs and the `status: idle` that ends a cell may be lost
 * and no later cell of this kernel can be trusted. The kernel is alive; a fresh kernel usually works.
 * `deno jupyter` 2.9.6 can interleave the bytes of a multi-megabyte output (an inlined plotly.js, for
 * instance) with the next message when the subscriber reads slower than it writes.
 */
export class KernelStreamError extends KernelDiedError {
  override name = "KernelStreamError";
}

interface Pending {
  resolve(message: Message): void;
}

/** Global symbol under which the kernel keeps the original `console.log`, for barriers (see below). */
const PRINT_SYMBOL = "l2m.kernel.print";
/** Time a stdout barrier may take after a cell finished, in ms: the kernel may have a long queue. */
const BARRIER_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const SETPRIV = "/usr/bin/setpriv";

async function freePorts(count: number): Promise<number[]> {
  const listeners = Array.from({ length: count }, () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const ports = listeners.map((listener) => (listener.addr as Deno.NetAddr).port);
  for (const listener of listeners) listener.close();
  await sleep(0);
  return ports;
}

/** A running `deno jupyter --kernel` process and its shell, control and IOPub sockets. */
export class Kernel {
  readonly pid: number;
  private readonly session = crypto.randomUUID();
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0, receiveHighWaterMark: 0 });
  private readonly replies = new Map<string, Pending>();
  private readonly collectors = new Map<string, IopubSink>();
  private readonly displays = new Map<string, CellOutput[]>();
  private readonly iopubSeen = new Set<string>();
  private stderrTail = "";
  private closed = false;
  /** Resolves with the first IOPub decoding error; from then on every execute fails at once. */
  private readonly iopubCorrupted = Promise.withResolvers<string>();
  /** Unregisters the SIGINT/SIGTERM hook that deletes the connection folder (it holds the HMAC key). */
  private readonly forgetConnDir: () => void;
  readonly exited: Promise<Deno.CommandStatus>;

  private constructor(
    private readonly child: Deno.ChildProcess,
    private readonly key: string,
    private readonly connDir: string,
    private readonly drainMs: number,
  ) {
    this.pid = child.pid;
    trackChild(this.pid, "deno jupyter kernel");
    this.forgetConnDir = onAbort(() => {
      try {
        Deno.removeSync(connDir, { recursive: true });
      } catch { /* already removed */ }
    });
    this.exited = child.status;
    this.exited.then(() => untrackChild(this.pid));
    this.captureStderr();
    child.stdout.pipeTo(new WritableStream()).catch(() => {});
  }

  /** Starts a kernel and waits until it replies to `kernel_info_request`. */
  static async start(options: KernelOptions): Promise<Kernel> {
    const deno = options.denoPath ?? Deno.execPath();
    const key = crypto.randomUUID();
    // The PID in the name lets a later run remove the folder if this process dies by SIGKILL.
    const connDir = await Deno.makeTempDir({ prefix: kernelDirPrefix() });
    const [shell, iopub, stdin, control, hb] = await freePorts(5);
    const connection = {
      ip: "127.0.0.1",
      transport: "tcp",
      shell_port: shell,
      iopub_port: iopub,
      stdin_port: stdin,
      control_port: control,
      hb_port: hb,
      signature_scheme: "hmac-sha256",
      key,
      kernel_name: "deno",
    };
    const connFile = join(connDir, "kernel.json");
    await Deno.writeTextFile(connFile, JSON.stringify(connection));

    const kernelArgs = ["jupyter", "--kernel", "--conn", connFile];
    // setpriv (util-linux) makes Linux SIGKILL the kernel when this process dies, even by SIGKILL.
    // NOTE: without setpriv (non-Linux systems), a SIGKILLed runner leaves its kernels running.
    const [command, args] = existsSync(SETPRIV)
      ? [SETPRIV, ["--pdeathsig", "KILL", "--", deno, ...kernelArgs]]
      : [deno, kernelArgs];
    const child = new Deno.Command(command, {
      args,
      cwd: options.cwd,
      env: { NO_COLOR: "1", ...options.env },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();

    const kernel = new Kernel(child, key, connDir, options.drainMs ?? 50);
    const address = (port: number | undefined) => `tcp://127.0.0.1:${port}`;
    kernel.shell.connect(address(shell));
    kernel.control.connect(address(control));
    kernel.iopub.connect(address(iopub));
    kernel.iopub.subscribe();
    kernel.readShell(kernel.shell);
    kernel.readShell(kernel.control);
    kernel.readIopub();
    try {
      await kernel.handshake(options.startTimeoutMs ?? 120_000);
      await kernel.keepPrint();
    } catch (error) {
      await kernel.shutdown();
      throw error;
    }
    return kernel;
  }

  /** Stores the original `console.log` so that a barrier still prints if a cell replaces it. */
  private async keepPrint(): Promise<void> {
    const code = `globalThis[Symbol.for(${JSON.stringify(PRINT_SYMBOL)})] = console.log.bind(console);`;
    const content = { code, silent: true, store_history: false, user_expressions: {}, allow_stdin: false };
    const { reply } = this.request(this.shell, "execute_request", content);
    const status = (await reply).content.status;
    if (status !== "ok") throw new KernelDiedError(`kernel ${this.pid} failed its set-up cell: ${status}`);
  }

  private async captureStderr(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of this.child.stderr) {
        this.stderrTail = (this.stderrTail + decoder.decode(chunk, { stream: true })).slice(-4000);
      }
    } catch { /* the pipe closed when the kernel was killed */ }
  }

  private async readShell(socket: zmq.Dealer): Promise<void> {
    while (!this.closed) {
      let frames: Uint8Array[];
      try {
        frames = await socket.receive();
      } catch {
        return; // the socket was closed by shutdown()
      }
      const message = this.decode(frames);
      const parent = message?.parent_header.msg_id;
      if (!parent) continue;
      this.replies.get(parent)?.resolve(message);
      this.replies.delete(parent);
    }
  }

  private async readIopub(): Promise<void> {
    while (!this.closed) {
      let frames: Uint8Array[];
      try {
        frames = await this.iopub.receive();
      } catch {
        return;
      }
      const message = this.decode(frames);
      if (!message) {
        this.iopubCorrupted.resolve(`kernel ${this.pid}: an IOPub message was corrupted`);
        continue;
      }
      const parent = message.parent_header.msg_id;
      if (!parent) continue;
      this.iopubSeen.add(parent);
      this.collectors.get(parent)?.add(message, this.displays);
    }
  }

  private decode(frames: Uint8Array[]): Message | undefined {
    try {
      return decodeMessage(this.key, frames);
    } catch (error) {
      console.error(`kernel ${this.pid}: ignored a message: ${(error as Error).message}`);
      return undefined;
    }
  }

  private send(socket: zmq.Dealer, msgType: string, content: Record<string, unknown>): string {
    const header = newHeader(msgType, this.session);
    const frames = encodeMessage(this.key, { header, parent_header: {}, metadata: {}, content });
    socket.send(frames).catch(() => {}); // a send on a closed socket fails once the kernel is gone
    return header.msg_id;
  }

  private request(socket: zmq.Dealer, msgType: string, content: Record<string, unknown>) {
    const id = this.send(socket, msgType, content);
    const reply = new Promise<Message>((resolve) => this.replies.set(id, { resolve }));
    return { id, reply };
  }

  private async handshake(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let died = false;
    this.exited.then(() => (died = true));
    let interval = 100;
    while (Date.now() < deadline && !died) {
      const { id, reply } = this.request(this.shell, "kernel_info_request", {});
      const answered = await Promise.race([reply.then(() => true), sleep(interval).then(() => false)]);
      if (answered) {
        // The reply proves the shell works. An IOPub status message for the same request proves the
        // subscription is live, so no output of the first cell is lost to a late subscription.
        const until = Date.now() + 2000;
        while (!this.iopubSeen.has(id) && Date.now() < until) await sleep(10);
        if (this.iopubSeen.has(id)) return;
      }
      interval = Math.min(interval * 2, 1000);
    }
    const reason = died ? "exited during start-up" : `did not answer within ${timeoutMs / 1000} s`;
    throw new KernelDiedError(`deno jupyter kernel (PID ${this.pid}) ${reason}\n${this.stderrTail}`);
  }

  /**
   * Runs `code` and resolves once the reply and `status: idle` have arrived and IOPub has been quiet for
   * `drainMs`. Throws {@link KernelTimeoutError} after `timeoutMs` and {@link KernelDiedError} if the
   * kernel exits meanwhile.
   */
  async execute(code: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
    if (this.closed) throw new KernelDiedError(`kernel ${this.pid} is shut down`);
    const startedAt = new Date().toISOString();
    const content = { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false };
    const header = newHeader("execute_request", this.session);
    const collector = new OutputCollector();
    this.collectors.set(header.msg_id, collector);
    const reply = new Promise<Message>((resolve) => this.replies.set(header.msg_id, { resolve }));
    try {
      await this.shell.send(encodeMessage(this.key, { header, parent_header: {}, metadata: {}, content }));
    } catch (error) {
      this.collectors.delete(header.msg_id);
      throw new KernelDiedError(`sending execute_request to kernel ${this.pid} failed: ${error}`);
    }

    const finished = (async () => {
      const message = await reply;
      await collector.idle;
      const drain = async () => {
        while (Date.now() - collector.lastMessageAt < this.drainMs) await sleep(this.drainMs);
      };
      await Promise.all([this.barrier(collector), drain()]);
      return message;
    })();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const ms = options.timeoutMs ?? 600_000;
      timer = setTimeout(() => reject(new KernelTimeoutError(`timed out after ${ms / 1000} s`)), ms);
    });
    const died = this.exited.then((status) => {
      throw new KernelDiedError(`kernel exited with code ${status.code}\n${this.stderrTail}`);
    });
    died.catch(() => {}); // only the race observes it; shutdown() later must not make it unhandled
    const corrupted = this.iopubCorrupted.promise.then((reason) => {
      throw new KernelStreamError(
        `${reason}, so this cell's outputs or its end may be lost; rerun with a fresh kernel ` +
          "(outputs of several MB make this more likely)",
      );
    });
    corrupted.catch(() => {});
    try {
      const message = await Promise.race([finished, timeout, died, corrupted]);
      const replyContent = message.content as
        & { status?: string; execution_count?: number }
        & Partial<KernelError>;
      const status = replyContent.status === "error" || replyContent.status === "aborted"
        ? replyContent.status
        : "ok";
      const error = collector.error ??
        (status === "error"
          ? {
            ename: replyContent.ename ?? "Error",
            evalue: replyContent.evalue ?? "",
            traceback: replyContent.traceback ?? [],
          }
          : undefined);
      return {
        status,
        executionCount: replyContent.execution_count ?? null,
        outputs: collector.outputs,
        error,
        startedAt,
        finishedAt: new Date().toISOString(),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Flushes the kernel's stdout queue into `collector`: runs a silent cell that prints a unique marker
   * and waits for it (see {@link BarrierSink}). Silent cells do not advance the execution count.
   */
  private async barrier(collector: OutputCollector): Promise<void> {
    const marker = `l2m-barrier-${crypto.randomUUID()}`;
    const header = newHeader("execute_request", this.session);
    const sink = new BarrierSink(collector, marker);
    this.collectors.set(header.msg_id, sink);
    const code = `globalThis[Symbol.for(${JSON.stringify(PRINT_SYMBOL)})](${JSON.stringify(marker)})`;
    const content = { code, silent: true, store_history: false, user_expressions: {}, allow_stdin: false };
    await this.shell.send(encodeMessage(this.key, { header, parent_header: {}, metadata: {}, content }));
    const flushed = await Promise.race([
      sink.done.then(() => true),
      sleep(BARRIER_TIMEOUT_MS).then(() => false),
    ]);
    if (!flushed) {
      console.error(
        `kernel ${this.pid}: stdout barrier not seen within ${BARRIER_TIMEOUT_MS / 1000} s; ` +
          "a later output of the previous cell may be missing",
      );
    }
  }

  /** Kills the kernel (SIGKILL), closes the sockets and deletes the connection file. Safe to call twice. */
  async shutdown(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      try {
        this.child.kill("SIGKILL");
      } catch { /* already exited */ }
      // Close the sockets only once the kernel is gone and its connections have dropped: closing a
      // subscriber while a corrupted multi-MB message is still arriving crashed Deno (SIGSEGV).
      await this.exited;
      await sleep(50);
      for (const socket of [this.shell, this.control, this.iopub]) socket.close();
      await Deno.remove(this.connDir, { recursive: true }).catch(() => {});
      this.forgetConnDir();
    }
    await this.exited;
    untrackChild(this.pid);
  }
}

/**
 * The shape of an `l2m` sub-command. Each command lives in `cli/commands/<name>.ts`, parses its own
 * options with `node:util` `parseArgs`, and is listed in `cli/commands/mod.ts`.
 * @module
 */

/** One sub-command of `deno task l2m`. */
export interface Command {
  /** Name typed after `l2m`, e.g. `reproduce`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help: usage line, every option with its unit and default, an example. */
  help: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/**
 * `deno task l2m <command> [options]`: the command-line entry point of L2M Lab.
 *
 *   deno task l2m help              list the commands
 *   deno task l2m help <command>    show one command's options
 *   deno task l2m <command> --help  the same
 *
 * An `InputError` (bad path, parameter or file content) or a filesystem error on a given path (not
 * found, a folder, no permission) prints as one line and exits with status 2; any other error is a bug
 * and prints its stack.
 */
import { COMMANDS } from "./commands/mod.ts";
import { InputError } from "../lib/util/errors.ts";

/** Filesystem errors that mean a user-supplied path is wrong (missing, a folder, unreadable). */
const FILE_ERRORS = [
  Deno.errors.NotFound,
  Deno.errors.IsADirectory,
  Deno.errors.NotADirectory,
  Deno.errors.PermissionDenied,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "L2M Lab: mutual-information scaling for long-context language modelling.",
    "",
    "usage: deno task l2m <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "Run `deno task l2m help <command>` for a command's options.",
  ].join("\n");
}

export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" ? rest[0] : undefined;
    const command = topic ? COMMANDS.find((c) => c.name === topic) : undefined;
    if (topic && !command) {
      console.error(`unknown command "${topic}"\n\n${usage()}`);
      return 2;
    }
    console.log(command ? command.help : usage());
    return 0;
  }

  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.help);
    return 0;
  }

  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof InputError) {
      console.error(`l2m ${name}: ${error.message}`);
      return 2;
    }
    if (
      error instanceof TypeError &&
      /parseArgs|ERR_PARSE_ARGS/.test(String((error as { code?: string }).code ?? error.message))
    ) {
      console.error(`l2m ${name}: ${error.message} (options: ./l2m help ${name})`);
      return 2;
    }
    if (FILE_ERRORS.some((kind) => error instanceof kind)) {
      // A path the user gave that cannot be read or written: one line, not a stack.
      console.error(`l2m ${name}: ${(error as Error).message}; check the path`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));

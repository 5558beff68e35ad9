/** The list of `l2m` sub-commands, in the order `l2m help` shows them. */
import type { Command } from "../command.ts";

export const COMMANDS: Command[] = [];

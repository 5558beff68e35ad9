/** The list of `l2m` sub-commands, in the order `l2m help` shows them. */
import type { Command } from "../command.ts";
import { reproduce } from "./reproduce.ts";
import { lab } from "./lab.ts";

export const COMMANDS: Command[] = [
  reproduce,
  lab,
];

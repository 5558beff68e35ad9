/** The list of `l2m` sub-commands, in the order `l2m help` shows them. */
import type { Command } from "../command.ts";
import { reproduce } from "./reproduce.ts";
import { trainCommand } from "./train.ts";
import { lab } from "./lab.ts";
import { bmiCommand } from "./bmi.ts";
import { serveScorerCommand } from "./serve_scorer.ts";
import { gaussian } from "./gaussian.ts";
import { entropyCommand } from "./entropy.ts";
import { tpmiCommand } from "./tpmi.ts";
import { datasetsCommand } from "./datasets.ts";

export const COMMANDS: Command[] = [
  reproduce,
  lab,
  trainCommand,
  gaussian,
  datasetsCommand,
  entropyCommand,
  tpmiCommand,
  bmiCommand,
  serveScorerCommand,
];

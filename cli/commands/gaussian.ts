/**
 * `l2m gaussian`: exact bipartite and antipodal two-point MI of the sub-volume Gaussian, as CSV.
 * @module
 */
import { parseArgs } from "node:util";
import type { Command } from "../command.ts";
import { InputError } from "../../lib/util/errors.ts";
import { DEFAULT_BOUNDARY, MAX_LAYERS, subvolumeGaussian } from "../../lib/gaussian/mod.ts";

const HELP = `usage: deno task l2m gaussian [options]

Prints, for each number of layers, the exact bipartite MI between the first ℓ = round(split·L) and the
last L − ℓ variables and the exact two-point MI between the first and the last variable, as CSV with the
columns layers, L, bmi_nats, antipodal_tpmi_nats. Both scale with --copies because copies are independent.

options:
  --family 1|2         1: three copies of the previous layer + one fresh Gaussian per row (power-law BMI);
                       2: one copy + three fresh Gaussians (log-law BMI); default: 1
  --boundary T         target correlation of the boundary transform, strictly inside (-1, 1); 0.4
                       reproduces the paper's Fig. 3(c), the literal reading of its formula gives 0;
                       default: ${DEFAULT_BOUNDARY}
  --min-layers N       first number of layers (L = 4^N); default: 1
  --max-layers N       last number of layers, at most ${MAX_LAYERS}; default: 8 (L = 65,536)
  --copies N           independent copies per token (the paper's training data uses 64); default: 1
  --split F            split point as a fraction of L, strictly inside (0, 1); default: 0.5

example:
  deno task l2m gaussian --family 2 --max-layers 6 --copies 64`;

function integerOption(option: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new InputError(`invalid ${option} "${value}": use an integer from ${min} to ${max}`);
  }
  return number;
}

function numberOption(option: string, value: string, what: string, valid: (x: number) => boolean): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || !valid(number)) {
    throw new InputError(`invalid ${option} "${value}": use ${what}`);
  }
  return number;
}

export const gaussian: Command = {
  name: "gaussian",
  summary: "exact BMI and two-point MI of the sub-volume Gaussian, as CSV",
  help: HELP,
  run(args: string[]): Promise<number> {
    // A promise executor turns a synchronous InputError into a rejection, as async commands report it.
    return new Promise((resolve) => resolve(printTable(args)));
  },
};

/** Parses the options and prints the CSV table; returns the exit code. */
function printTable(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      family: { type: "string", default: "1" },
      boundary: { type: "string", default: String(DEFAULT_BOUNDARY) },
      "min-layers": { type: "string", default: "1" },
      "max-layers": { type: "string", default: "8" },
      copies: { type: "string", default: "1" },
      split: { type: "string", default: "0.5" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.family !== "1" && values.family !== "2") {
    throw new InputError(`invalid --family "${values.family}": use 1 or 2`);
  }
  const family = values.family === "1" ? 1 : 2;
  const boundary = numberOption("--boundary", values.boundary, "a number strictly inside (-1, 1)", (x) => {
    return x > -1 && x < 1;
  });
  const minLayers = integerOption("--min-layers", values["min-layers"], 1, MAX_LAYERS);
  const maxLayers = integerOption("--max-layers", values["max-layers"], minLayers, MAX_LAYERS);
  const copies = integerOption("--copies", values.copies, 1, Number.MAX_SAFE_INTEGER);
  const split = numberOption("--split", values.split, "a fraction strictly inside (0, 1)", (x) => {
    return x > 0 && x < 1;
  });

  // Every split is checked before the first line is printed, so a bad option never leaves partial CSV.
  const rows: Array<{ layers: number; prefix: number }> = [];
  for (let layers = minLayers; layers <= maxLayers; layers++) {
    const length = 4 ** layers;
    const prefix = Math.round(split * length);
    if (prefix < 1 || prefix > length - 1) {
      throw new InputError(
        `--split ${split} gives ℓ = ${prefix} at L = ${length}, outside 1 … ${length - 1}: ` +
          `raise --min-layers or move --split towards 0.5`,
      );
    }
    rows.push({ layers, prefix });
  }
  console.log("layers,L,bmi_nats,antipodal_tpmi_nats");
  for (const { layers, prefix } of rows) {
    const g = subvolumeGaussian({ family, layers, boundary });
    const bmi = copies * g.bmi(prefix);
    const tpmi = copies * g.antipodalTwoPointMI();
    console.log(`${layers},${g.length},${bmi.toPrecision(10)},${tpmi.toPrecision(10)}`);
  }
  return 0;
}

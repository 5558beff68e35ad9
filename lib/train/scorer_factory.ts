/**
 * Registers the `model:` scorer prefix: `model:DIR` loads the text checkpoint in DIR (written by
 * `l2m train --data text --checkpoint DIR`) and scores with it. The BOS id is the checkpoint's vocabulary
 * size minus one, as {@link TextTask} defines it.
 *
 * @example
 * ```ts ignore
 * import { registerModelScorer } from "@l2m/train/scorer_factory.ts";
 * import { createScorer } from "@l2m/info/scorer.ts";
 * registerModelScorer();
 * const scorer = await createScorer("model:runs/gpt-text");
 * ```
 * @module
 */
import { registerScorerFactory } from "../info/scorer.ts";
import { InputError } from "../util/errors.ts";
import { buildModel } from "../models/model.ts";
import { modelScorer } from "../models/scorer.ts";
import { loadCheckpoint } from "./checkpoint.ts";
import type { TokenizerRecord } from "../tokenize/record.ts";

/** Registers the `model:DIR` factory (idempotent). */
export function registerModelScorer(): void {
  registerScorerFactory("model", async (dir) => {
    if (!dir) throw new InputError('scorer "model:" needs a checkpoint folder, e.g. model:runs/gpt-text');
    const ck = await loadCheckpoint(dir);
    const config = ck.manifest.model;
    if (config.io.type !== "tokens") {
      throw new InputError(
        `checkpoint ${dir} contains a Gaussian model; pass a checkpoint trained with --data text`,
      );
    }
    const model = buildModel(config, 0);
    model.params.fromFlat(ck.params);
    const tokenizer = (ck.manifest.run.task as { tokenizer?: TokenizerRecord } | undefined)?.tokenizer;
    return modelScorer(model, { bos: config.io.vocab - 1, name: `model:${config.name}(${dir})`, tokenizer });
  });
}

/** Scorer creation shared by the `bmi` and `serve-scorer` commands. @module */
import { createScorer, type Scorer } from "../lib/info/scorer.ts";

/**
 * Creates the scorer a registered prefix names (`createScorer`). For `model:DIR` it first initialises
 * TensorFlow.js (backend auto, or `L2M_BACKEND`) and registers the model scorer. Those modules are
 * imported only then, so other scorers never load TensorFlow.js.
 */
export async function createCliScorer(spec: string): Promise<Scorer> {
  if (spec.startsWith("model:")) {
    const { initBackend } = await import("../lib/models/backend.ts");
    const { registerModelScorer } = await import("../lib/train/scorer_factory.ts");
    await initBackend();
    registerModelScorer();
  }
  return await createScorer(spec);
}

/**
 * Information-theory core: token counts, entropy estimators, two-point mutual information, power-law
 * fits; bipartite-MI estimators and scorers.
 * @module
 */
export { digamma, EULER_GAMMA, grassbergerG } from "./digamma.ts";
export { countNgrams, countPairs, CountTable, countUnigrams } from "./count_table.ts";
export {
  type CountOfCounts,
  countOfCounts,
  entropy,
  type EntropyEstimate,
  type EstimatorName,
  ESTIMATORS,
  parseEstimator,
} from "./entropy.ts";
export {
  bootstrap,
  bootstrapCI,
  type BootstrapOptions,
  type BootstrapResult,
  fitOffsetPowerLaw,
  fitPowerLaw,
  type LinearFit,
  linearFit,
  OFFSET_BOUND_TOLERANCE,
  type OffsetPowerLawFit,
  powerLaw,
  type PowerLawFit,
} from "./fit.ts";
export {
  MIN_PAIRS,
  normalQuantile,
  offsetFitNote,
  twoPointMI,
  type TwoPointOptions,
  type TwoPointResult,
  type TwoPointRow,
} from "./two_point.ts";
export {
  createScorer,
  registerScorerFactory,
  scoreChecked,
  type ScoreOptions,
  type Scorer,
  type ScorerFactory,
  scorerPrefixes,
  validateScores,
  validateSequences,
} from "./scorer.ts";
export { GramTable } from "./gram_table.ts";
export { NgramLanguageModel, type NgramOptions } from "./ngram_lm.ts";
export {
  type BmiEstimate,
  type BmiEstimator,
  type BmiPowerLawFit,
  type BmiSplit,
  derangement,
  directFromLogProbs,
  estimateBmi,
  type EstimateBmiOptions,
  type FitBmiOptions,
  fitBmiPowerLaw,
  splitFor,
  type StartCorrection,
  startCorrectionFromTokens,
  vclubFromLogProbs,
} from "./bmi.ts";
export {
  type BmiSamples,
  correctionFor,
  prepareBmiSamples,
  type PrepareOptions,
  trainNgramScorer,
} from "./bmi_corpus.ts";
export {
  copyProcess,
  type GroundTruthSource,
  iidSource,
  markovChain,
  type MarkovSource,
  monteCarloBmi,
  randomMarkovChain,
  stationaryDistribution,
} from "./ground_truth.ts";
export { HiddenMarkovModel, MAX_ENUMERATION } from "./hmm.ts";
export {
  completionsUrl,
  HttpScorer,
  HttpScorerError,
  type HttpScorerOptions,
  parseCompletionLogprobs,
} from "./http_scorer.ts";
export {
  type ScorerServer,
  type ScorerServerFault,
  type ScorerServerOptions,
  startScorerServer,
} from "./scorer_server.ts";
export {
  PAPER_REFERENCE_DIR,
  type PaperFit,
  paperFits,
  type PaperPoint,
  paperPoints,
} from "./paper_reference.ts";

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
  type OffsetPowerLawFit,
  powerLaw,
  type PowerLawFit,
} from "./fit.ts";
export {
  normalQuantile,
  twoPointMI,
  type TwoPointOptions,
  type TwoPointResult,
  type TwoPointRow,
} from "./two_point.ts";

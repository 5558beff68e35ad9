/**
 * Models whose history state grows as Θ(L^γ), between SSMs (γ = 0) and full attention (γ = 1):
 * dilated sparse attention and sliding window plus compressed memory (both on a dyadic stride that keeps
 * the retained set a valid streaming cache), and SSM series whose state size N grows as L^γ. Each reports
 * dim z(L) exactly, trains with `lib/train`'s trainer on the sub-volume Gaussian, and runs in Worker sweeps.
 * @module
 */
export * from "./patterns.ts";
export * from "./attention_model.ts";
export * from "./growth.ts";
export * from "./job.ts";
export * from "./sweep.ts";
export * from "./oracle.ts";
export * from "./capacity.ts";

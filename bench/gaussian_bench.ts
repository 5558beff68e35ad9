/**
 * Benchmarks the sub-volume Gaussian: exact bipartite MI (all splits, O(L)) up to 8 layers, the
 * agreement of the structured algorithm with dense log-determinants at L = 1024, and the per-sequence cost
 * of sampling and of exact conditional means. Prints Markdown tables; one core, wall-clock times.
 *
 * Targets: BMI at L = 65,536 in ≤ 60 s and at L = 4,096 in ≤ 2 s for both families.
 *
 * Run: `deno run -A bench/gaussian_bench.ts`
 * @module
 */
import { denseBipartiteMI, subvolumeGaussian } from "../lib/gaussian/mod.ts";
import { Rng } from "../lib/util/prng.ts";

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, (performance.now() - start) / 1000];
}

console.log(`load average at start: ${Deno.loadavg().map((x) => x.toFixed(2)).join(", ")}\n`);

console.log("## Exact BMI at L/2 (fresh object: layers, forward and backward recursions)\n");
console.log("| family | layers | L | BMI (nats) | seconds | target (s) |");
console.log("|---|---|---|---|---|---|");
for (const family of [1, 2] as const) {
  for (const layers of [6, 7, 8]) {
    const [bmi, seconds] = time(() => subvolumeGaussian({ family, layers }).bmi());
    let target = "";
    if (layers === 6) target = "2";
    if (layers === 8) target = "60";
    console.log(
      `| ${family} | ${layers} | ${4 ** layers} | ${bmi.toFixed(4)} | ${seconds.toFixed(3)} | ${target} |`,
    );
  }
}

console.log("\n## Structured vs dense log-determinants, L = 1024, split L/2\n");
console.log("| family | structured | dense | relative difference | dense seconds |");
console.log("|---|---|---|---|---|");
for (const family of [1, 2] as const) {
  const g = subvolumeGaussian({ family, layers: 5 });
  const [dense, seconds] = time(() => denseBipartiteMI(g.covariance(), g.length, g.length / 2));
  const fast = g.bmi();
  const relative = Math.abs(fast - dense) / dense;
  console.log(
    `| ${family} | ${fast.toFixed(12)} | ${dense.toFixed(12)} | ${relative.toExponential(2)} | ${
      seconds.toFixed(2)
    } |`,
  );
}

console.log("\n## Per-sequence cost (one copy)\n");
console.log("| family | L | sample (ms/seq) | sample + means (ms/seq) | conditionals of given z (ms/seq) |");
console.log("|---|---|---|---|---|");
for (const family of [1, 2] as const) {
  for (const layers of [5, 7]) {
    const g = subvolumeGaussian({ family, layers });
    const count = layers === 5 ? 64 : 8;
    g.sampleWithMeans(new Rng(0), 1); // builds the gains once, outside the timings
    const [z, sample] = time(() => g.sample(new Rng(1), count));
    const [, both] = time(() => g.sampleWithMeans(new Rng(2), count));
    const [, conditionals] = time(() => g.conditionals(z));
    const ms = (s: number) => ((1000 * s) / count).toFixed(2);
    console.log(`| ${family} | ${g.length} | ${ms(sample)} | ${ms(both)} | ${ms(conditionals)} |`);
  }
}
console.log(`\nload average at end: ${Deno.loadavg().map((x) => x.toFixed(2)).join(", ")}`);

/**
 * Checks the one-way data flow of `lib/`: a module imports only from its own tier or lower ones, and
 * nothing in `lib/` imports `cli/`, `notebooks/`, `scripts/`, `bench/` or `test/`.
 *
 *   util < data, tokenize < info, gaussian < models, train < plot < notebook
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PROJECT_ROOT } from "../lib/notebook/params.ts";

const TIERS: Record<string, number> = {
  util: 0,
  data: 1,
  tokenize: 1,
  info: 2,
  gaussian: 2,
  models: 3,
  train: 3,
  plot: 4,
  notebook: 5,
};

const LIB = join(PROJECT_ROOT, "lib");
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^"'`]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/** Extracts every import specifier in `source` (static, re-export, side-effect and literal dynamic imports). */
export function importSpecifiers(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...withoutComments.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

function libFiles(): string[] {
  return readdirSync(LIB, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Resolves a specifier in `file` to a project-relative path; undefined for npm and node imports. */
function resolveSpecifier(file: string, specifier: string): string | undefined {
  if (specifier.startsWith("@l2m/")) return relative(PROJECT_ROOT, join(LIB, specifier.slice(5)));
  if (specifier.startsWith(".")) return relative(PROJECT_ROOT, resolve(dirname(file), specifier));
  if (specifier.startsWith("/")) return relative(PROJECT_ROOT, specifier);
  if (specifier.startsWith("file:")) return relative(PROJECT_ROOT, fileURLToPath(specifier));
  return undefined;
}

Deno.test("layering parses import forms", () => {
  const source = `import { a } from "./a.ts";\nimport type { B } from '@l2m/plot/b.ts';\n` +
    `export * from "../util/c.ts";\nimport "./side.ts";\nconst m = await import("./lazy.ts");\n` +
    `// import { x } from "./commented.ts";\nimport {\n  d,\n  e,\n} from "npm:d";`;
  assert.deepEqual(importSpecifiers(source), [
    "./a.ts",
    "@l2m/plot/b.ts",
    "../util/c.ts",
    "./side.ts",
    "./lazy.ts",
    "npm:d",
  ]);
});

Deno.test("layering of lib is one-way", () => {
  const violations: string[] = [];
  const files = libFiles();
  assert.ok(files.length > 10, `expected lib/ files, found ${files.length}`);
  for (const file of files) {
    const from = relative(LIB, file).split("/")[0]!;
    const fromTier = TIERS[from];
    if (fromTier === undefined) {
      violations.push(`lib/${from}/ has no tier: add it to TIERS in test/layering_test.ts`);
      continue;
    }
    for (const specifier of importSpecifiers(readFileSync(file, "utf8"))) {
      const target = resolveSpecifier(file, specifier);
      if (target === undefined) continue;
      const where = `${relative(PROJECT_ROOT, file)} imports "${specifier}"`;
      if (!target.startsWith("lib/")) {
        violations.push(`${where}: lib/ must not import from outside lib/`);
        continue;
      }
      const to = target.split("/")[1]!;
      const toTier = TIERS[to];
      if (toTier === undefined) violations.push(`${where}: lib/${to}/ has no tier`);
      else if (toTier > fromTier) {
        violations.push(`${where}: ${from} (tier ${fromTier}) must not import ${to} (tier ${toTier})`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

/**
 * Provenance of a run: the git commit of the project and the versions of the runtime and of the
 * libraries whose results depend on them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { libraryVersions } from "@l2m/notebook/provenance.ts";
 * const versions = await libraryVersions();
 * assert.equal(versions.deno, Deno.version.deno);
 * ```
 * @module
 */
import { join } from "node:path";
import { PROJECT_ROOT } from "./params.ts";

/** npm packages whose versions go into every manifest. */
export const TRACKED_PACKAGES: readonly string[] = [
  "@tensorflow/tfjs",
  "@tensorflow/tfjs-backend-wasm",
  "arquero",
  "@uwdata/flechette",
  "plotly.js-dist-min",
];

/**
 * Reads the commit checked out in the project and whether tracked files differ from it. Both are `null`
 * without git or outside a repository.
 */
export async function readGitCommit(
  root = PROJECT_ROOT,
): Promise<{ commit: string | null; dirty: boolean | null }> {
  const git = async (...args: string[]) => {
    const output = await new Deno.Command("git", { args, cwd: root, stdout: "piped", stderr: "null" })
      .output();
    return output.success ? new TextDecoder().decode(output.stdout) : undefined;
  };
  try {
    const commit = (await git("rev-parse", "HEAD"))?.trim();
    if (!commit) return { commit: null, dirty: null };
    const status = await git("status", "--porcelain", "--untracked-files=no");
    return { commit, dirty: status === undefined ? null : status.trim() !== "" };
  } catch {
    return { commit: null, dirty: null }; // git is not installed, or --allow-run is missing
  }
}

async function installedVersion(root: string, name: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await Deno.readTextFile(join(root, "node_modules", name, "package.json")));
    return typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

async function pinnedVersions(root: string): Promise<Record<string, string>> {
  try {
    const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
    const pins: Record<string, string> = {};
    for (const specifier of Object.values(config.imports ?? {}) as string[]) {
      const match = /^npm:(@?[^@]+)@(.+)$/.exec(specifier);
      if (match) pins[match[1]!] = match[2]!;
    }
    return pins;
  } catch {
    return {};
  }
}

/**
 * Returns the Deno, V8 and TypeScript versions and each tracked package's version: the installed one
 * from `node_modules`, else the pin in `deno.json`.
 */
export async function libraryVersions(root = PROJECT_ROOT): Promise<Record<string, string>> {
  const versions: Record<string, string> = {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
  };
  const pins = await pinnedVersions(root);
  for (const name of TRACKED_PACKAGES) {
    const version = (await installedVersion(root, name)) ?? pins[name];
    if (version) versions[name] = version;
  }
  return versions;
}

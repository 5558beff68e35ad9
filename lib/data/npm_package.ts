/**
 * Installs an npm package's files (not its dependencies) into a cache folder on first use. The tarball
 * URL and checksum come from the registry's package metadata, and the download is checked against a
 * pinned Subresource Integrity hash. The files are unpacked into a temporary folder that is then renamed
 * into place. Two processes installing at once both unpack, one rename wins, and the other discards its copy,
 * so a reader never sees a half-written package.
 *
 * Registry: `NPM_CONFIG_REGISTRY` (or `npm_config_registry`), else `npm config get registry`, else
 * `https://registry.npmjs.org/`. Offline, a tarball made elsewhere with `npm pack <name>@<version>` and
 * copied into the cache folder is verified and unpacked the same way.
 * @module
 */
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../util/errors.ts";
import { readTarGz } from "./tar.ts";

/** An npm package pinned to one version and one tarball. */
export interface NpmPackageSpec {
  name: string;
  version: string;
  /** Subresource Integrity of the tarball (`sha512-<base64>`), as in the registry's `dist.integrity`. */
  integrity: string;
  /** Paths inside the package (without the leading `package/`) to unpack; all files when absent. */
  include?: (path: string) => boolean;
}

/** Options of {@link installNpmPackage}. */
export interface InstallOptions {
  /** Folder that receives `<name>@<version>/`; default `<project>/datasets/cache`. */
  cacheDir?: string;
  /** Registry base URL; default from the environment or npm's configuration. */
  registry?: string;
  /** Fetch implementation (tests pass a stub). */
  fetch?: typeof fetch;
}

/** Default cache folder: `datasets/cache/` at the project root (git-ignored). */
export const DEFAULT_CACHE_DIR: string = fileURLToPath(new URL("../../datasets/cache", import.meta.url));

/** Name of the marker file written last into an installed package folder. */
export const INSTALL_MARKER = ".l2m-install.json";

const DEFAULT_REGISTRY = "https://registry.npmjs.org/";
let cachedRegistry: string | undefined;

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}

/** Returns the npm registry base URL (ending in `/`) from the environment, npm's config, or the default. */
export function npmRegistry(): string {
  if (cachedRegistry) return cachedRegistry;
  let registry = readEnv("NPM_CONFIG_REGISTRY") ?? readEnv("npm_config_registry");
  if (!registry) {
    try {
      const output = new Deno.Command("npm", {
        args: ["config", "get", "registry"],
        stdout: "piped",
        stderr: "null",
      })
        .outputSync();
      const text = new TextDecoder().decode(output.stdout).trim();
      if (output.success && /^https?:\/\//.test(text)) registry = text;
    } catch {
      // npm is not installed or --allow-run is missing: use the default registry.
    }
  }
  registry = registry ?? DEFAULT_REGISTRY;
  cachedRegistry = registry.endsWith("/") ? registry : `${registry}/`;
  return cachedRegistry;
}

/** Returns the file name `npm pack` gives the tarball (`@scope/name` becomes `scope-name-<version>.tgz`). */
export function packFileName(spec: NpmPackageSpec): string {
  return `${spec.name.replace(/^@/, "").replace("/", "-")}-${spec.version}.tgz`;
}

/** Returns the folder a package is installed into. */
export function packageDir(spec: NpmPackageSpec, cacheDir: string = DEFAULT_CACHE_DIR): string {
  return join(cacheDir, `${spec.name}@${spec.version}`);
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Checks `bytes` against a Subresource Integrity string (`sha512-…`, `sha384-…`, `sha256-…` or `sha1-…`). */
export async function verifyIntegrity(bytes: Uint8Array, integrity: string, what: string): Promise<void> {
  const match = /^(sha512|sha384|sha256|sha1)-(.+)$/.exec(integrity.trim());
  if (!match) throw new InputError(`invalid integrity "${integrity}" for ${what}: expected sha512-<base64>`);
  const algorithm = { sha512: "SHA-512", sha384: "SHA-384", sha256: "SHA-256", sha1: "SHA-1" }[match[1]!]!;
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, bytes as Uint8Array<ArrayBuffer>));
  const actual = `${match[1]}-${base64(digest)}`;
  if (actual !== integrity.trim()) {
    throw new InputError(
      `checksum mismatch for ${what}: expected ${integrity}, got ${actual}. Delete the file and install again.`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

function offlineMessage(spec: NpmPackageSpec, registry: string, cacheDir: string, cause: string): string {
  return `failed to download ${spec.name}@${spec.version} from ${registry} (${cause}). Connect to the npm ` +
    `registry, set NPM_CONFIG_REGISTRY to a reachable mirror, or on a machine with access run ` +
    `\`npm pack ${spec.name}@${spec.version}\` and copy ${packFileName(spec)} into ${cacheDir}/.`;
}

async function download(spec: NpmPackageSpec, registry: string, cacheDir: string, fetcher: typeof fetch) {
  const metadataUrl = `${registry}${spec.name.replace("/", "%2f")}`;
  let tarballUrl: string;
  try {
    const response = await fetcher(metadataUrl, {
      headers: { accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8" },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${metadataUrl}`);
    const metadata = await response.json() as {
      versions?: Record<string, { dist?: { tarball?: string; integrity?: string } }>;
    };
    const dist = metadata.versions?.[spec.version]?.dist;
    if (!dist?.tarball) {
      throw new InputError(`version ${spec.version} of ${spec.name} not found in ${metadataUrl}`);
    }
    if (dist.integrity && dist.integrity !== spec.integrity) {
      throw new InputError(
        `registry ${registry} lists integrity ${dist.integrity} for ${spec.name}@${spec.version}, but the ` +
          `project pins ${spec.integrity}: check the registry or mirror`,
      );
    }
    tarballUrl = dist.tarball;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(offlineMessage(spec, registry, cacheDir, (error as Error).message));
  }
  try {
    const response = await fetcher(tarballUrl);
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${tarballUrl}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new InputError(offlineMessage(spec, registry, cacheDir, (error as Error).message));
  }
}

/** Writes the archive's files under `dir`, refusing paths that escape it. */
async function unpack(tarball: Uint8Array, spec: NpmPackageSpec, dir: string): Promise<number> {
  let count = 0;
  for (const entry of readTarGz(tarball)) {
    const relative = entry.path.replace(/^[^/]+\//, ""); // npm tarballs wrap everything in one folder
    const clean = normalize(relative);
    if (clean.startsWith("..") || clean.startsWith("/") || clean === "." || clean === "") {
      throw new InputError(
        `invalid path "${entry.path}" in ${spec.name}@${spec.version}: it leaves the package`,
      );
    }
    if (spec.include && !spec.include(clean)) continue;
    const target = join(dir, clean);
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeFile(target, entry.data);
    count++;
  }
  return count;
}

/**
 * Installs `spec` into `<cacheDir>/<name>@<version>/` unless it is there already, and returns that folder.
 * Throws an `InputError` when the registry cannot be reached and no packed tarball is in the cache folder,
 * or when a checksum does not match.
 */
export async function installNpmPackage(spec: NpmPackageSpec, options: InstallOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const target = packageDir(spec, cacheDir);
  // Check the folder before the marker. Another process renames its complete copy, marker included, into
  // place in one step, so checking the marker first could miss it and then find the folder.
  if (await exists(target)) {
    if (await exists(join(target, INSTALL_MARKER))) return target;
    throw new InputError(
      `incomplete package folder ${target} (no ${INSTALL_MARKER}): delete it and run again`,
    );
  }

  const packed = join(cacheDir, packFileName(spec));
  const registry = options.registry ?? npmRegistry();
  let tarball: Uint8Array;
  let source: string;
  if (await exists(packed)) {
    tarball = await Deno.readFile(packed);
    source = packed;
  } else {
    tarball = await download(spec, registry, cacheDir, options.fetch ?? fetch);
    source = registry;
  }
  await verifyIntegrity(tarball, spec.integrity, `${spec.name}@${spec.version} from ${source}`);

  await Deno.mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const files = await unpack(tarball, spec, temporary);
    const marker = { name: spec.name, version: spec.version, integrity: spec.integrity, files, source };
    await Deno.writeTextFile(join(temporary, INSTALL_MARKER), JSON.stringify(marker, null, 2) + "\n");
    try {
      await Deno.rename(temporary, target);
    } catch (error) {
      // Another process renamed its complete copy into place first: use that one.
      if (await exists(join(target, INSTALL_MARKER))) return target;
      throw error;
    }
  } finally {
    await Deno.remove(temporary, { recursive: true }).catch(() => {});
  }
  return target;
}

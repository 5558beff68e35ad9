import assert from "node:assert/strict";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { InputError } from "../util/errors.ts";
import { loadCorpus, readCatalog } from "./catalog.ts";
import { loadJsonl, parseJsonl } from "./jsonl.ts";
import { loadParquet } from "./parquet.ts";
import { loadFolder, loadPg19 } from "./text_files.ts";
import { decodeUtf8, firstInvalidUtf8 } from "./utf8.ts";

async function tempTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "l2m-data-" });
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    await Deno.mkdir(join(full, ".."), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(full, content);
    else await Deno.writeFile(full, content);
  }
  return root;
}

function isInputError(pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof InputError, `expected InputError, got ${e}`);
    assert.match(e.message, pattern);
    return true;
  };
}

Deno.test("utf8 invalid offsets", () => {
  const enc = new TextEncoder();
  assert.equal(firstInvalidUtf8(enc.encode("héllo 🐋")), -1);
  assert.equal(firstInvalidUtf8(Uint8Array.of(0x61, 0x62, 0xff)), 2);
  assert.equal(firstInvalidUtf8(Uint8Array.of(0x61, 0xc0, 0x80)), 1, "overlong");
  assert.equal(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80)), 0, "surrogate");
  assert.equal(firstInvalidUtf8(Uint8Array.of(0x61, 0xe2, 0x82)), 1, "truncated");
  assert.equal(firstInvalidUtf8(Uint8Array.of(0xf4, 0x90, 0x80, 0x80)), 0, "above U+10FFFF");
  assert.throws(
    () => decodeUtf8(Uint8Array.of(0x61, 0x62, 0xff), "x.txt"),
    isInputError(/x\.txt: invalid UTF-8 at byte offset 2 \(byte 0xff\)/),
  );
});

Deno.test("folder loads recursively in order", async () => {
  const root = await tempTree({ "b.txt": "second", "a/z.txt": "first", "c.md": "skipped" });
  const corpus = await loadFolder(root);
  assert.deepEqual(corpus.documents.map((d) => d.id), ["a/z.txt", "b.txt"]);
  assert.equal(corpus.documents[0]!.text, "first");
  const md = await loadFolder(root, { extensions: [".md"] });
  assert.equal(md.documents.length, 1);
});

Deno.test("folder matches extensions case-insensitively", async () => {
  const root = await tempTree({ "A.TXT": "upper", "b.Txt": "mixed", "c.txt": "lower", "d.MD": "markdown" });
  const corpus = await loadFolder(root);
  assert.deepEqual(corpus.documents.map((d) => d.id), ["A.TXT", "b.Txt", "c.txt"]);
  const md = await loadFolder(root, { extensions: [".md"] });
  assert.deepEqual(md.documents.map((d) => d.id), ["d.MD"]);
  const pg19 = await loadPg19(await tempTree({ "train/12.TXT": "book" }));
  assert.deepEqual(pg19.documents.map((d) => d.id), ["train/12"]);
});

Deno.test("folder errors name the path", async () => {
  await assert.rejects(
    loadFolder("/nonexistent/corpus"),
    isInputError(/corpus folder not found: \/nonexistent\/corpus/),
  );
  const empty = await tempTree({ "x.md": "no txt" });
  await assert.rejects(loadFolder(empty), isInputError(/contains no \.txt files/));
  const bad = await tempTree({
    "ok.txt": "fine",
    "sub/bad.txt": Uint8Array.of(0x68, 0x69, 0x20, 0xc3, 0x28),
  });
  await assert.rejects(loadFolder(bad), isInputError(/sub\/bad\.txt: invalid UTF-8 at byte offset 3/));
});

Deno.test("pg19 layout and splits", async () => {
  const root = await tempTree({
    "train/10.txt": "book ten",
    "train/2.txt": "book two",
    "test/7.txt": "book seven",
  });
  const all = await loadPg19(root);
  assert.deepEqual(all.documents.map((d) => d.id), ["train/10", "train/2", "test/7"]);
  assert.equal(all.documents[2]!.meta?.split, "test");
  const test = await loadPg19(root, ["test"]);
  assert.deepEqual(test.documents.map((d) => d.id), ["test/7"]);
  await assert.rejects(loadPg19(root, ["validation"]), isInputError(/split folder not found/));
  await assert.rejects(loadPg19(root, ["dev"]), isInputError(/unknown PG19 split "dev"/));
  const empty = await tempTree({ "readme.txt": "x" });
  await assert.rejects(loadPg19(empty), isInputError(/no <split>\/<id>\.txt files/));
});

Deno.test("jsonl fields and line errors", async () => {
  const docs = parseJsonl('{"text":"a b","year":1790}\n\n{"text":"c","year":1791}\n', "f.jsonl");
  assert.deepEqual(docs.map((d) => [d.id, d.text, d.meta?.year]), [["1", "a b", 1790], ["3", "c", 1791]]);
  const body = parseJsonl('{"body":"x","id":"k"}', "f.jsonl", { field: "body", idField: "id" });
  assert.equal(body[0]!.id, "k");
  assert.throws(() => parseJsonl('{"text":"a"}\n{oops', "f.jsonl"), isInputError(/f\.jsonl:2: invalid JSON/));
  assert.throws(
    () => parseJsonl('{"text":"a"}\n{"body":"b"}', "f.jsonl"),
    isInputError(/f\.jsonl:2: no field "text"; fields present: body/),
  );
  assert.throws(
    () => parseJsonl("[1]", "f.jsonl"),
    isInputError(/expected a JSON object per line, got an array/),
  );
  const root = await tempTree({ "empty.jsonl": "\n\n" });
  await assert.rejects(loadJsonl(join(root, "empty.jsonl")), isInputError(/contains no records/));
});

Deno.test("parquet text column", async () => {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: "short_book_title", data: ["A", "B", "C"], type: "STRING" },
      { name: "text", data: ["alpha text", null, "gamma text"], type: "STRING" },
      { name: "n", data: [1, 2, 3], type: "INT32" },
    ],
  });
  const root = await tempTree({ "shards/train-00000.parquet": new Uint8Array(buffer) });
  const corpus = await loadParquet(join(root, "shards"));
  assert.deepEqual(corpus.documents.map((d) => [d.id, d.text]), [
    ["train-00000.parquet#0", "alpha text"],
    ["train-00000.parquet#2", "gamma text"],
  ]);
  const byTitle = await loadParquet(join(root, "shards"), { column: "short_book_title", idColumn: "n" });
  assert.deepEqual(byTitle.documents.map((d) => d.id), ["1", "2", "3"]);
  await assert.rejects(
    loadParquet(join(root, "shards"), { column: "content" }),
    isInputError(/no text column "content"; columns present: short_book_title, text, n/),
  );
  const viaSpec = await loadCorpus(`parquet:${join(root, "shards")}:short_book_title`);
  assert.equal(viaSpec.documents.length, 3);
  const notParquet = await tempTree({ "x.parquet": "not parquet" });
  await assert.rejects(
    loadParquet(join(notParquet, "x.parquet")),
    isInputError(/not a readable parquet file/),
  );
});

Deno.test("loadCorpus specs and auto-detect", async () => {
  const root = await tempTree({
    "texts/a.txt": "one",
    "pg/validation/5.txt": "five",
    "data.jsonl": '{"content":"c1"}\n',
    "single.txt": "a single file",
    "blank.txt": "  \n",
  });
  assert.equal((await loadCorpus(`folder:${join(root, "texts")}`)).documents.length, 1);
  assert.equal((await loadCorpus(`pg19:${join(root, "pg")}:validation`)).documents[0]!.id, "validation/5");
  assert.equal((await loadCorpus(`jsonl:${join(root, "data.jsonl")}:content`)).documents[0]!.text, "c1");
  assert.equal((await loadCorpus(join(root, "pg"))).name, `pg19:${join(root, "pg")}`);
  assert.equal((await loadCorpus(join(root, "texts"))).documents[0]!.text, "one");
  assert.equal((await loadCorpus(join(root, "single.txt"))).documents[0]!.text, "a single file");
  await assert.rejects(loadCorpus(join(root, "blank.txt")), isInputError(/is empty/));
  await assert.rejects(
    loadCorpus("no-such-dataset"),
    isInputError(/neither a catalogue name \(moby-dick, sotu, typescript/),
  );
  await assert.rejects(loadCorpus("pg19"), isInputError(/cannot be downloaded by L2M Lab/));
  await assert.rejects(loadCorpus(""), isInputError(/empty/));
});

Deno.test("catalog entries are complete", async () => {
  const entries = await readCatalog();
  for (const e of entries) {
    for (const key of ["name", "title", "loader", "source", "licence", "size"] as const) {
      assert.ok(typeof e[key] === "string" && e[key].length > 0, `${e.name}.${key}`);
    }
    if (e.loader === "npm") assert.match(e.checksum ?? "", /^sha512-/, `${e.name} checksum`);
  }
});

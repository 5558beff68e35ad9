import assert from "node:assert/strict";
import * as aq from "arquero";
import { tableFromIPC } from "@uwdata/flechette";
import { join } from "node:path";
import { figure } from "../plot/figure.ts";
import { InputError } from "../util/errors.ts";
import { loadFigure, loadTable, openResults, readManifest, updateManifest } from "./results.ts";

const params = (root: string) => ({ resultsRoot: root, scale: "quick" as const, seed: 3 });

Deno.test("saveTable writes csv, arrow and manifest", async () => {
  const root = await Deno.makeTempDir();
  const results = await openResults("nb_a", params(root));
  const table = aq.table({ word: ["the", "a,b", 'say "hi"'], count: [3, 2, 1], p: [0.5, 0.25, 0.125] });
  const entry = await results.saveTable("counts", table);
  assert.deepEqual(entry, {
    name: "counts",
    csv: "counts.csv",
    arrow: "counts.arrow",
    rows: 3,
    columns: ["word", "count", "p"],
  });

  const csv = await Deno.readTextFile(join(root, "nb_a", "counts.csv"));
  assert.equal(csv.split("\n")[0], "word,count,p");
  assert.ok(csv.includes('"say ""hi"""'));

  const bytes = await Deno.readFile(join(root, "nb_a", "counts.arrow"));
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 6)), "ARROW1"); // IPC file magic, read by read_feather
  assert.equal(new TextDecoder().decode(bytes.subarray(bytes.length - 6)), "ARROW1");
  const decoded = tableFromIPC(bytes);
  assert.deepEqual(decoded.toArray().map((r) => ({ ...r })), table.objects());

  const loaded = await loadTable("nb_a", "counts", { root });
  assert.deepEqual(loaded.objects(), table.objects());

  const manifest = await results.manifest();
  assert.equal(manifest.notebook, "nb_a");
  assert.equal(manifest.scale, "quick");
  assert.equal(manifest.seed, 3);
  assert.equal(manifest.tables.length, 1);
  assert.equal(manifest.versions.deno, Deno.version.deno);
  assert.equal(manifest.versions.arquero, "8.0.3");
  assert.match(manifest.git_commit ?? "", /^[0-9a-f]{40}$/);
});

Deno.test("arrow types are stable", async () => {
  const root = await Deno.makeTempDir();
  const results = await openResults("nb_types", params(root));
  const table = aq.table({
    small: [1, 2, 3],
    big: [2 ** 40, -1, 0],
    real: [0.5, 1, 2],
    word: ["a", "a", "b"],
    gaps: [1, null, 3],
  });
  await results.saveTable("types", table);
  const decoded = tableFromIPC(await Deno.readFile(join(results.dir, "types.arrow")));
  const typeIds = Object.fromEntries(
    decoded.schema.fields.map((f) => [f.name, [f.type.typeId, (f.type as { bitWidth?: number }).bitWidth]]),
  );
  assert.deepEqual(typeIds.small, [2, 64]); // Int, 64 bits
  assert.deepEqual(typeIds.big, [2, 64]);
  assert.deepEqual(typeIds.gaps, [2, 64]);
  assert.equal(typeIds.real![0], 3); // FloatingPoint
  assert.equal(typeIds.word![0], 5); // Utf8, not a dictionary
  const loaded = await loadTable("nb_types", "types", { root });
  assert.deepEqual(loaded.objects(), table.objects());
});

Deno.test("manifest keeps unknown fields", async () => {
  const root = await Deno.makeTempDir();
  const results = await openResults("nb_b", params(root));
  await updateManifest(results.dir, (m) => ({ ...m, cells: [{ wall_ms: 5 }], wall_ms: 5 }));
  await results.setBackend("wasm");
  await results.note("corpus", "moby-dick");
  await results.saveTable("t", aq.table({ a: [1] }));
  await results.saveTable("t", aq.table({ a: [1, 2] }));
  const manifest = (await readManifest(results.dir))!;
  assert.deepEqual(manifest.cells, [{ wall_ms: 5 }]);
  assert.equal(manifest.wall_ms, 5);
  assert.equal(manifest.tfjs_backend, "wasm");
  assert.deepEqual(manifest.notes, { corpus: "moby-dick" });
  assert.deepEqual(manifest.tables.map((t) => [t.name, t.rows]), [["t", 2]]);
});

Deno.test("concurrent updates are all kept", async () => {
  const root = await Deno.makeTempDir();
  const results = await openResults("nb_c", params(root));
  await Promise.all(Array.from({ length: 20 }, (_, i) => results.note(`k${i}`, i)));
  const manifest = await results.manifest();
  assert.equal(Object.keys(manifest.notes).length, 20);
});

Deno.test("saveFigure stores spec", async () => {
  const root = await Deno.makeTempDir();
  const results = await openResults("nb_d", params(root));
  const fig = figure([{ type: "scatter", x: [1], y: [2] }], { title: { text: "Zipf" } });
  const entry = await results.saveFigure("zipf", fig);
  assert.deepEqual(entry, { name: "zipf", json: "zipf.figure.json", title: "Zipf" });
  const spec = await loadFigure("nb_d", "zipf", { root });
  assert.deepEqual(spec, fig.toJSON());
  await assert.rejects(() => results.saveFigure("bad", { data: "x" }), InputError);
});

Deno.test("results reject unsafe names", async () => {
  const root = await Deno.makeTempDir();
  await assert.rejects(() => openResults("../x", params(root)), InputError);
  const results = await openResults("nb_e", params(root));
  await assert.rejects(() => results.saveTable("a/b", aq.table({ a: [1] })), InputError);
  await assert.rejects(() => results.saveTable("ok", [] as never), InputError);
  await assert.rejects(() => loadTable("nb_e", "missing", { root }), /not found.*run that notebook first/);
});

Deno.test("writes leave no temporary files", async () => {
  const root = await Deno.makeTempDir();
  const results = await openResults("nb_f", params(root));
  await results.saveTable("t", aq.table({ a: [1, 2, 3] }));
  const names = [...Deno.readDirSync(results.dir)].map((e) => e.name).sort();
  assert.deepEqual(names, ["manifest.json", "t.arrow", "t.csv"]);
});

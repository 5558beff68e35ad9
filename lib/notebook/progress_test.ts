import assert from "node:assert/strict";
import { jupyterApi, progress } from "./progress.ts";

Deno.test("progress prints plain lines outside kernel", async () => {
  assert.equal(jupyterApi(), undefined);
  const lines: string[] = [];
  const p = progress({ total: 4, label: "train", intervalMs: 0, print: (l) => lines.push(l) });
  assert.equal(p.inNotebook, false);
  p.update(2, { loss: 1.8765 });
  p.update(4, { loss: 1.2 });
  await p.done();
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^train step 2\/4: loss 1\.88, [\d.e+-]+ ms\/step$/);
  assert.match(lines[2]!, /^train step 4\/4: loss 1\.2, .*done in [\d.e+-]+ s$/);
});

Deno.test("progress respects interval", () => {
  const lines: string[] = [];
  const p = progress({ intervalMs: 60_000, print: (l) => lines.push(l) });
  for (let step = 1; step <= 100; step++) p.update(step, { loss: 1 });
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.startsWith("step 1: loss 1"), true);
});

Deno.test("progress updates notebook display in place", async () => {
  const messages: { type: string; content: Record<string, unknown> }[] = [];
  const jupyter = {
    broadcast(type: string, content: Record<string, unknown>) {
      messages.push({ type, content });
      return Promise.resolve();
    },
  };
  const p = progress({ total: 10, intervalMs: 0, jupyter });
  assert.equal(p.inNotebook, true);
  p.update(5, { loss: 2 });
  p.update(10, { loss: 1 });
  await p.done({ loss: 0.5 });
  assert.deepEqual(messages.map((m) => m.type), [
    "display_data",
    "update_display_data",
    "update_display_data",
  ]);
  for (const m of messages) assert.deepEqual(m.content.transient, { display_id: p.displayId });
  const last = messages[2]!.content.data as Record<string, string>;
  assert.match(last["text/plain"]!, /loss 0\.5/);
  assert.match(last["text/html"]!, /<progress value="10" max="10">/);
});

Deno.test("progress escapes label in html", async () => {
  const data: Record<string, string>[] = [];
  const jupyter = {
    broadcast(_type: string, content: Record<string, unknown>) {
      data.push(content.data as Record<string, string>);
      return Promise.resolve();
    },
  };
  const p = progress({ label: "<img src=x onerror=alert(1)>", intervalMs: 0, jupyter });
  await p.done();
  assert.ok(!data[0]!["text/html"]!.includes("<img"));
  assert.ok(data[0]!["text/html"]!.includes("&lt;img"));
});

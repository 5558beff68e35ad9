import assert from "node:assert/strict";
import { gaussian } from "./gaussian.ts";

async function captureLines(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => lines.push(parts.join(" "));
  try {
    assert.equal(await gaussian.run(args), 0);
  } finally {
    console.log = original;
  }
  return lines;
}

Deno.test("gaussian prints CSV of BMI and antipodal MI", async () => {
  const lines = await captureLines(["--family", "1", "--max-layers", "3"]);
  assert.equal(lines[0], "layers,L,bmi_nats,antipodal_tpmi_nats");
  assert.equal(lines.length, 4);
  const rows = lines.slice(1).map((line) => line.split(",").map(Number));
  assert.deepEqual(rows.map((row) => row[1]), [4, 16, 64]);
  const reference = [0.2939, 0.9782, 3.050];
  rows.forEach((row, index) => {
    assert.ok(Math.abs(row[2]! / reference[index]! - 1) < 1e-3, `BMI at layer ${index + 1}: ${row[2]}`);
    const c = 0.25 * (5 / 16) ** index;
    assert.ok(
      Math.abs(row[3]! / (-0.5 * Math.log1p(-c * c)) - 1) < 1e-8,
      `two-point MI at layer ${index + 1}`,
    );
  });
});

Deno.test("gaussian scales with copies", async () => {
  const one = await captureLines(["--family", "2", "--min-layers", "2", "--max-layers", "2"]);
  const many = await captureLines([
    "--family",
    "2",
    "--min-layers",
    "2",
    "--max-layers",
    "2",
    "--copies",
    "64",
  ]);
  const [a, b] = [one[1]!.split(",").map(Number), many[1]!.split(",").map(Number)];
  assert.ok(Math.abs(b[2]! / a[2]! - 64) < 1e-6);
  assert.ok(Math.abs(b[3]! / a[3]! - 64) < 1e-6);
});

Deno.test("gaussian rejects invalid options", async () => {
  await assert.rejects(gaussian.run(["--family", "3"]), /invalid --family "3": use 1 or 2/);
  await assert.rejects(gaussian.run(["--boundary", "1"]), /strictly inside \(-1, 1\)/);
  await assert.rejects(gaussian.run(["--boundary", "x"]), /invalid --boundary "x"/);
  await assert.rejects(gaussian.run(["--max-layers", "0"]), /invalid --max-layers "0"/);
  await assert.rejects(gaussian.run(["--max-layers", "13"]), /from 1 to 12/);
  await assert.rejects(gaussian.run(["--copies", "0"]), /invalid --copies "0"/);
  await assert.rejects(gaussian.run(["--split", "1"]), /invalid --split "1"/);
  await assert.rejects(gaussian.run(["--split", "0.1", "--max-layers", "2"]), /gives ℓ = 0 at L = 4/);
});

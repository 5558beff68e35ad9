/**
 * Result tables must be readable by pandas and polars. The test writes a table with integer, float,
 * string, null and non-ASCII values through `saveTable`, then reads the Arrow file with
 * `pandas.read_feather` and `polars.read_ipc` and the CSV with `pandas.read_csv`. It needs a Python with
 * pandas, pyarrow and polars: `$L2M_PYTHON`, else `python3`. Without one it is skipped with the reason.
 */
import assert from "node:assert/strict";
import * as aq from "arquero";
import { openResults } from "../lib/notebook/results.ts";

const PYTHON = Deno.env.get("L2M_PYTHON") ?? "python3";

function pythonHasModules(): boolean {
  try {
    const check = new Deno.Command(PYTHON, {
      args: ["-c", "import pandas, pyarrow, polars"],
      stdout: "null",
      stderr: "null",
    });
    return check.outputSync().success;
  } catch {
    return false;
  }
}

const available = pythonHasModules();
if (!available) {
  console.warn(
    `results_python_test: skipped: ${PYTHON} cannot import pandas, pyarrow and polars (set L2M_PYTHON)`,
  );
}

const READER = `
import json, sys
import pandas as pd, polars as pl
path = sys.argv[1]
a = pd.read_feather(path + ".arrow")
b = pl.read_ipc(path + ".arrow")
c = pd.read_csv(path + ".csv")
print(json.dumps({
  "pandas_dtypes": {k: str(v) for k, v in a.dtypes.items()},
  "polars_dtypes": {k: str(v) for k, v in b.schema.items()},
  "pandas_rows": json.loads(a.to_json(orient="records")),
  "polars_rows": b.to_dicts(),
  "csv_shape": list(c.shape),
}))
`;

Deno.test({
  name: "result tables load in pandas and polars",
  ignore: !available,
  async fn() {
    const root = await Deno.makeTempDir();
    const results = await openResults("python_check", { resultsRoot: root, scale: "quick", seed: 0 });
    const rows = [
      { word: "whale", count: 1234, share: 0.125, tokens: 2 ** 40, note: "Ahab’s “ship”, ünïcode" },
      { word: "sea", count: 7, share: 1e-9, tokens: 3, note: null },
    ];
    await results.saveTable("words", aq.from(rows));
    const output = await new Deno.Command(PYTHON, { args: ["-c", READER, `${results.dir}/words`] }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
    const read = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.deepEqual(read.pandas_dtypes.count, "int64");
    assert.deepEqual(read.pandas_dtypes.tokens, "int64");
    assert.deepEqual(read.polars_dtypes.count, "Int64");
    assert.deepEqual(read.polars_dtypes.word, "String");
    assert.deepEqual(read.polars_rows, rows);
    assert.deepEqual(read.pandas_rows, rows);
    assert.deepEqual(read.csv_shape, [2, 5]);
  },
});

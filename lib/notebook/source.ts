/**
 * Notebook sources: each notebook is authored as a TypeScript file in "percent" format under
 * `notebooks/src/`, so it type-checks, lints and diffs like code, and is built into `notebooks/<name>.ipynb`.
 *
 * ```text
 * // %% [markdown]
 * // # Title
 * // Prose with $\LaTeX$.
 *
 * // %%
 * const table = await loadSomething();
 * table
 * ```
 *
 * Lines before the first marker (a file header) are not part of any cell. In a markdown cell each line
 * loses its leading `// ` (or `//`). Trailing blank lines of every cell are dropped.
 * @module
 */

/** One notebook cell as stored in a source file. */
export interface SourceCell {
  kind: "markdown" | "code";
  text: string;
}

/** The subset of the nbformat 4 JSON that the project writes and reads. */
export interface Ipynb {
  cells: IpynbCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** One nbformat 4 cell. `source` may be a string or a list of lines, as in files written by Jupyter. */
export interface IpynbCell {
  cell_type: "markdown" | "code" | "raw";
  id?: string;
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: Record<string, unknown>[];
  execution_count?: number | null;
}

const MARKER = /^\/\/ %%(?:\s+\[(markdown|md)\])?\s*$/;

/** Splits a percent-format source into cells. */
export function parseSource(source: string): SourceCell[] {
  const cells: SourceCell[] = [];
  let current: { kind: SourceCell["kind"]; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    while (current.lines.length && current.lines[current.lines.length - 1]!.trim() === "") {
      current.lines.pop();
    }
    cells.push({ kind: current.kind, text: current.lines.join("\n") });
  };

  for (const line of source.replace(/\r\n/g, "\n").split("\n")) {
    const marker = MARKER.exec(line);
    if (marker) {
      flush();
      current = { kind: marker[1] ? "markdown" : "code", lines: [] };
      continue;
    }
    if (!current) continue;
    if (current.kind === "markdown") {
      if (current.lines.length === 0 && line.trim() === "") continue;
      current.lines.push(line.replace(/^\/\/ ?/, ""));
    } else {
      if (current.lines.length === 0 && line.trim() === "") continue;
      current.lines.push(line);
    }
  }
  flush();
  return cells;
}

/** Splits text into nbformat's list of lines, each keeping its newline except the last. */
function toLines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  return parts.map((part, i) => (i < parts.length - 1 ? part + "\n" : part));
}

/** Joins a cell's `source` field into one string. */
export function cellText(cell: IpynbCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Builds an unexecuted nbformat 4.5 notebook for the Deno kernel from source cells. */
export function toIpynb(cells: SourceCell[], name: string): Ipynb {
  return {
    cells: cells.map((cell, i) => {
      const id = `${name.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 48)}-${i}`;
      return cell.kind === "markdown"
        ? { cell_type: "markdown", id, metadata: {}, source: toLines(cell.text) }
        : {
          cell_type: "code",
          id,
          metadata: {},
          source: toLines(cell.text),
          outputs: [],
          execution_count: null,
        };
    }),
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      language_info: {
        name: "typescript",
        file_extension: ".ts",
        mimetype: "text/x.typescript",
        codemirror_mode: "typescript",
        pygments_lexer: "typescript",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Writes a notebook back as percent-format source (used to import edits made in Jupyter). */
export function toSource(notebook: Ipynb, header = ""): string {
  const blocks = notebook.cells
    .filter((cell) => cell.cell_type !== "raw")
    .map((cell) => {
      const text = cellText(cell).replace(/\n+$/, "");
      if (cell.cell_type === "markdown") {
        return "// %% [markdown]\n" + text.split("\n").map((l) => (l ? `// ${l}` : "//")).join("\n");
      }
      return "// %%\n" + text;
    });
  return (header ? header.replace(/\n*$/, "\n\n") : "") + blocks.join("\n\n") + "\n";
}

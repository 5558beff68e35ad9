/**
 * The report's `index.html`: one row per notebook with its title, a link to its page and the run facts
 * from its manifest, followed by any extra sections (for example a figure-coverage table).
 * @module
 */
import { escapeHtml } from "../util/escape.ts";
import { pageHead } from "./report_page.ts";

/** One notebook as listed on the index. */
export interface IndexEntry {
  name: string;
  title: string;
  /** Page file name relative to the index; empty when the notebook has no page (no executed copy). */
  href: string;
  /** Figures drawn on the page. */
  figures: number;
  /** The notebook's `manifest.json`, if it has one. */
  manifest?: Record<string, unknown>;
  /** The executed notebook's `metadata.l2m` written by the runner, if present. */
  run?: Record<string, unknown>;
  /** Why the notebook's last run failed (notebook, cell and error), shown as escaped text. */
  failure?: string;
}

/** An extra section of the index. `html` is trusted markup: escape data when building it. */
export interface IndexSection {
  title: string;
  html: string;
}

function seconds(ms: unknown): string | undefined {
  return typeof ms === "number" && Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : undefined;
}

/** Returns the run facts of a notebook as one plain-text line, e.g. `scale quick · seed 0 · 12.3 s · commit 1a2b3c4`. */
export function runInfoLine(manifest?: Record<string, unknown>, run?: Record<string, unknown>): string {
  const facts: string[] = [];
  const scale = manifest?.scale ?? run?.scale;
  const seed = manifest?.seed ?? run?.seed;
  if (scale !== undefined) facts.push(`scale ${String(scale)}`);
  if (seed !== undefined) facts.push(`seed ${String(seed)}`);
  const wall = seconds(manifest?.wall_ms ?? run?.wall_ms);
  if (wall) facts.push(`run time ${wall}`);
  if (typeof manifest?.tfjs_backend === "string") facts.push(`tfjs ${manifest.tfjs_backend}`);
  if (typeof manifest?.git_commit === "string") {
    facts.push(
      `commit ${manifest.git_commit.slice(0, 10)}${
        manifest.git_dirty === true ? " (with local changes)" : ""
      }`,
    );
  }
  const finished = manifest?.finished_at ?? run?.finished_at ?? manifest?.updated_at;
  if (typeof finished === "string") {
    facts.push(`finished ${finished.replace("T", " ").replace(/\.\d+Z$/, " UTC")}`);
  }
  return facts.join(" · ");
}

function statusCell(manifest?: Record<string, unknown>, failure?: string): string {
  if (failure !== undefined) {
    return `<td class="status-failed">failed<pre class="failure">${escapeHtml(failure)}</pre></td>`;
  }
  const status = typeof manifest?.status === "string" ? manifest.status : "";
  const classes: Record<string, string> = { ok: "status-ok", failed: "status-failed" };
  return `<td class="${classes[status] ?? ""}">${escapeHtml(status || "–")}</td>`;
}

function notebookCell(entry: IndexEntry): string {
  const title = escapeHtml(entry.title);
  const link = entry.href ? `<a href="${escapeHtml(entry.href)}">${title}</a>` : title;
  return `<td>${link}<br><span class="run-info">${escapeHtml(entry.name)}.ipynb</span></td>`;
}

/** Renders `index.html`. */
export function renderIndex(
  entries: IndexEntry[],
  options: { title?: string; sections?: IndexSection[] } = {},
): string {
  const title = options.title ?? "L2M Lab report";
  const nonce = crypto.randomUUID().replace(/-/g, "");
  const rows = entries.map((entry) =>
    `<tr>${notebookCell(entry)}${statusCell(entry.manifest, entry.failure)}` +
    `<td>${entry.figures}</td><td>${escapeHtml(runInfoLine(entry.manifest, entry.run))}</td></tr>`
  ).join("\n");
  const list = entries.length === 0
    ? "<p>No executed notebooks were found.</p>"
    : `<table class="notebooks"><thead><tr><th>notebook</th><th>status</th><th>figures</th><th>run</th></tr></thead>` +
      `<tbody>\n${rows}\n</tbody></table>`;
  const sections = (options.sections ?? [])
    .map((section) =>
      `<section class="index-section"><h2>${escapeHtml(section.title)}</h2>${section.html}</section>`
    )
    .join("\n");
  return `<!doctype html>\n<html lang="en"><head>${pageHead(title, nonce)}</head><body><main>` +
    `<h1>${
      escapeHtml(title)
    }</h1>\n<section class="index-section"><h2>Notebooks</h2>${list}</section>\n${sections}` +
    `\n<p class="run-info">Generated ${escapeHtml(new Date().toISOString())}. Every page works offline.</p>` +
    `</main></body></html>\n`;
}

/**
 * Headless Chromium for the report: static PNG/SVG export of figures and the browser tests. It uses the
 * Debian `chromium` package through `playwright-core` and never downloads a browser; Playwright's
 * `launch()` gives each run a fresh temporary profile.
 *
 * @example
 * ```ts
 * import { chromiumPath } from "@l2m/notebook/report_static.ts";
 * console.log(chromiumPath() ?? "Chromium is not installed: apt-get install chromium");
 * ```
 * @module
 */
import type { Browser } from "playwright-core";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic.ts";
import { InputError } from "../util/errors.ts";
import type { PageFigure } from "./report_page.ts";
import { plotlyJs } from "./report_assets.ts";

/** Chromium flags: headless, no GPU, and no background traffic (updates, sync, QUIC). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** Returns the Chromium executable (`L2M_CHROMIUM`, else `/usr/bin/chromium`) if it exists, else `undefined`. */
export function chromiumPath(): string | undefined {
  let path = "/usr/bin/chromium";
  try {
    path = Deno.env.get("L2M_CHROMIUM") || path;
  } catch { /* no --allow-env: use the Debian path */ }
  try {
    return Deno.statSync(path).isFile ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Launches headless Chromium; throws an `InputError` saying how to install it when it is missing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new InputError(
      "Chromium not found at /usr/bin/chromium (or $L2M_CHROMIUM): install it with `apt-get install chromium`",
    );
  }
  const { chromium } = await import("playwright-core");
  return await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], headless: true });
}

/** Decodes the data URL returned by `Plotly.toImage`. */
function decodeDataUrl(url: string): Uint8Array {
  const comma = url.indexOf(",");
  const header = url.slice(0, comma);
  const payload = url.slice(comma + 1);
  if (header.endsWith(";base64")) return Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  return new TextEncoder().encode(decodeURIComponent(payload));
}

/**
 * Draws every figure in headless Chromium and writes `<dir>/<notebook>/<n>.<format>`; returns the paths.
 * PNGs are drawn at twice the layout size (900×450 px when the layout sets none).
 */
export async function exportFigureImages(
  figures: Map<string, PageFigure[]>,
  dir: string,
  format: "png" | "svg",
): Promise<string[]> {
  const total = [...figures.values()].reduce((sum, list) => sum + list.length, 0);
  if (total === 0) return [];
  const browser = await launchChromium();
  const written: string[] = [];
  try {
    const context = await browser.newContext({ offline: true });
    await context.route("**/*", (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(
      `<!doctype html><html><body><div id="figure"></div><script>${plotlyJs()}</script></body></html>`,
    );
    for (const [notebook, list] of figures) {
      for (const figure of list) {
        const url = await page.evaluate(async ({ spec, format }) => {
          // deno-lint-ignore no-explicit-any
          const Plotly = (globalThis as any).Plotly;
          const element = document.getElementById("figure")!;
          const layout = spec.layout ?? {};
          const width = typeof layout.width === "number" ? layout.width : 900;
          const height = typeof layout.height === "number" ? layout.height : 450;
          await Plotly.newPlot(element, spec.data, { ...layout, width, height }, { staticPlot: true });
          const image: string = await Plotly.toImage(element, {
            format,
            width,
            height,
            scale: format === "png" ? 2 : 1,
          });
          Plotly.purge(element);
          return image;
        }, { spec: figure.spec, format });
        const path = join(dir, notebook, `${figure.index}.${format}`);
        await writeFileAtomic(path, decodeDataUrl(url));
        written.push(path);
      }
    }
  } finally {
    await browser.close();
  }
  return written;
}

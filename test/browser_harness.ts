/**
 * Opens local HTML pages in headless Debian Chromium with the network off and records what a page did:
 * requests other than `file:`/`data:`/`blob:` (all aborted), console errors, uncaught page errors and
 * dialogs (`alert`, `confirm`, `prompt`, all dismissed).
 * @module
 */
import type { Browser, Page } from "playwright-core";
import { pathToFileURL } from "node:url";
import { chromiumPath, launchChromium } from "../lib/notebook/report_static.ts";

/** Why browser tests are skipped here, or `undefined` when they run. In CI a missing Chromium fails instead. */
export function browserSkipReason(): string | undefined {
  if (chromiumPath()) return undefined;
  if (Deno.env.get("CI")) return undefined;
  return "skipped: /usr/bin/chromium is missing (install it with `apt-get install chromium`)";
}

/** What one page did while it loaded and drew. */
export interface PageRecord {
  url: string;
  externalRequests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
}

/** Opens each file in a fresh offline context, runs `check` on the loaded page, and returns the records. */
export async function visitPages(
  paths: string[],
  check: (page: Page, record: PageRecord) => Promise<void>,
): Promise<PageRecord[]> {
  const browser: Browser = await launchChromium();
  const records: PageRecord[] = [];
  try {
    for (const path of paths) {
      const url = pathToFileURL(path).href;
      const record: PageRecord = {
        url,
        externalRequests: [],
        consoleErrors: [],
        pageErrors: [],
        dialogs: [],
      };
      const context = await browser.newContext({ offline: true });
      await context.route("**/*", (route) => {
        const requested = route.request().url();
        if (/^(?:file|data|blob):/.test(requested)) return route.continue();
        if (!record.externalRequests.includes(requested)) record.externalRequests.push(requested);
        return route.abort();
      });
      const page = await context.newPage();
      page.on("request", (request) => {
        const requested = request.url();
        if (!/^(?:file|data|blob):/.test(requested) && !record.externalRequests.includes(requested)) {
          record.externalRequests.push(requested);
        }
      });
      page.on("console", (message) => {
        if (message.type() === "error") record.consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => record.pageErrors.push(error.message));
      page.on("dialog", async (dialog) => {
        record.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        await dialog.dismiss();
      });
      await page.goto(url, { waitUntil: "load" });
      await check(page, record);
      records.push(record);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return records;
}

/** Waits until every figure div on the page holds a drawn plot (`.main-svg`); returns [figures, drawn]. */
export async function waitForFigures(page: Page, timeoutMs = 60_000): Promise<[number, number]> {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll(".l2m-figure[data-figure]")].every((element) =>
        element.querySelector(".main-svg") !== null || element.textContent !== ""
      ),
    undefined,
    { timeout: timeoutMs },
  );
  return await page.evaluate(() => {
    const figures = [...document.querySelectorAll(".l2m-figure[data-figure]")];
    return [figures.length, figures.filter((element) => element.querySelector(".main-svg") !== null).length];
  });
}

/**
 * The publication's layout in a real headless Chromium at a desktop width (1400 px) and a phone
 * width (390 px): nothing wider than the screen, the benchmark table whole at 1400 px, chart
 * labels never cut. Geometry is asserted rather than pixels, so fonts that differ by a pixel
 * between machines cannot fail it; screenshots are saved under out/ for a person to look at.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser } from "playwright-core";
import { CHROMIUM, launchHeadlessChromium } from "../../testing/headless-chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPublication, type PublicationParts } from "./build-publication.js";
import { renderHtml } from "./render-html.js";

const available = existsSync(CHROMIUM);
const SCREENSHOTS = new URL("../../../out/ui-screenshots/", import.meta.url).pathname;

describe("publication layout in headless Chromium", () => {
  if (!available && process.env.CI !== undefined) {
    it("needs Chromium in CI", () => {
      expect.fail(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
    });
    return;
  }
  let browser: Browser;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    const fixture = new URL(
      "fixtures/publication-64491-real-and-synthetic-payers.json",
      import.meta.url,
    );
    const parts = (JSON.parse(await readFile(fixture, "utf8")) as { parts: PublicationParts })
      .parts;
    dir = await mkdtemp(join(tmpdir(), "ratelens-layout-"));
    const file = join(dir, "64491.html");
    await writeFile(file, renderHtml(buildPublication(parts)));
    url = pathToFileURL(file).href;
    browser = await launchHeadlessChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await (browser as Browser | undefined)?.close();
    if ((dir as string | undefined) !== undefined) await rm(dir, { recursive: true, force: true });
  });

  for (const width of [1400, 390]) {
    it.skipIf(!available)(`fits a ${width} px screen: nothing wider than the page`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(url);
      const overflowing = await page.evaluate((screen) => {
        const out: string[] = [];
        for (const element of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
          if (element.getBoundingClientRect().right <= screen + 1) continue;
          let scrolls = false;
          for (let up = element.parentElement; up !== null; up = up.parentElement) {
            if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) scrolls = true;
          }
          if (!scrolls) out.push(`${element.tagName}.${element.className}`);
        }
        return out;
      }, width);
      expect(overflowing).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await page.screenshot({
        path: join(SCREENSHOTS, `publication-64491-${width}.png`),
        fullPage: true,
      });
      await page.close();
    });
  }

  it.skipIf(!available)(
    "shows the whole benchmark table at 1400 px, CV and % of Medicare included",
    async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(url);
      const fit = await page.$eval(".benchmark-table", (table) => {
        const wrap = table.parentElement!;
        return { table: table.scrollWidth, wrap: wrap.clientWidth };
      });
      expect(fit.table).toBeLessThanOrEqual(fit.wrap);
      await page.close();
    },
  );

  it.skipIf(!available)("downloads the benchmark table as CSV from the page", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('a[download="64491-benchmark-table.csv"]'),
    ]);
    expect(download.suggestedFilename()).toBe("64491-benchmark-table.csv");
    const path = await download.path();
    const csv = await readFile(path, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^Payer,Setting,Released,Rates/);
    await page.close();
  });

  it.skipIf(!available)(
    "prints to PDF with its print stylesheet (no navigation, no download links)",
    async () => {
      const page = await browser.newPage();
      await page.goto(url);
      await page.emulateMedia({ media: "print" });
      expect(await page.$eval(".csv-download", (node) => getComputedStyle(node).display)).toBe(
        "none",
      );
      const pdf = await page.pdf({ format: "Letter", printBackground: true });
      await writeFile(join(SCREENSHOTS, "publication-64491.pdf"), pdf);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(20_000);
      await page.close();
    },
  );

  it.skipIf(!available)(
    "never cuts a chart label: every label's box stays in the label column",
    async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(url);
      const labels = await page.$$eval(".distribution-chart .chart-label", (nodes) =>
        nodes.map((node) => ({
          text: node.textContent,
          left: (node as SVGGraphicsElement).getBBox().x,
        })),
      );
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) {
        expect(label.text).not.toContain("…");
        expect(label.left, label.text).toBeGreaterThanOrEqual(0);
      }
      await page.close();
    },
  );
});

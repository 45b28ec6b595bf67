/**
 * The /contracts page in a real headless Chromium (Debian's /usr/bin/chromium via playwright-core),
 * as a negotiator would use it: try the sample, read the ranked lines and the totals, change the
 * offer and see the totals move, download the workbook, upload a schedule with bad rows. The
 * figures on the page are checked against the library's own evaluation of the same input.
 * Skips only outside CI when Chromium is absent; in CI it fails.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { type Browser } from "playwright-core";
import { CHROMIUM, launchHeadlessChromium } from "../../testing/headless-chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_SCHEDULE, loadContractFixture } from "../../testing/contract-fixture.js";
import { SAMPLE, samplePath } from "../../analyze/contracts/contract-services.js";
import { evaluateFeeSchedule } from "../../analyze/contracts/evaluate-fee-schedule.js";
import { parseOffer } from "../../analyze/contracts/parse-offer.js";
import { loadBundledReferenceData } from "../../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../../analyze/reference/reference-types.js";
import { createApp } from "../../http/create-app.js";
import { defaultServices } from "../../http/default-services.js";
import { startServer, type RunningServer } from "../../http/start-server.js";
import { Store } from "../../store/store.js";
import { formatUsd } from "../../analyze/money.js";

const available = existsSync(CHROMIUM);
const SCREENSHOTS = new URL("../../../out/ui-screenshots/", import.meta.url).pathname;

describe("/contracts in headless Chromium", () => {
  if (!available && process.env.CI !== undefined) {
    it("needs Chromium in CI", () => {
      expect.fail(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
    });
    return;
  }
  let store: Store;
  let ref: ReferenceData;
  let server: RunningServer;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    store = await Store.memory();
    await loadContractFixture(store);
    ref = await loadBundledReferenceData();
    dir = await mkdtemp(join(tmpdir(), "ratelens-contracts-ui-"));
    server = await startServer(createApp(defaultServices(store, ref, null)), {
      port: 0,
      hostname: "127.0.0.1",
    });
    browser = await launchHeadlessChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await (browser as Browser | undefined)?.close();
    await (server as RunningServer | undefined)?.close();
    (store as Store | undefined)?.close();
    if ((dir as string | undefined) !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /** The library's evaluation of the sample with an offer: what the page must show. */
  async function sampleEvaluation(offer: string) {
    return evaluateFeeSchedule(
      store,
      ref,
      { name: SAMPLE.file, content: await readFile(samplePath(), "utf8") },
      { market: SAMPLE.market, zip: SAMPLE.zip, offer: parseOffer(offer) },
    );
  }

  it.skipIf(!available)(
    "tries the sample, reads the ranking and totals, changes the offer and downloads the workbook",
    async () => {
      const page = await browser.newPage({
        viewport: { width: 1300, height: 900 },
        acceptDownloads: true,
      });
      await page.goto(`${server.url}contracts`);
      await page.locator("#try-sample").click();
      await page.waitForURL(/sample=1/);
      const expected = await sampleEvaluation(SAMPLE.offer);
      const total = page.locator("#totals tr.total-row");
      expect(await total.locator("td.projected").innerText()).toBe(
        formatUsd(expected.total.projectedRevenue ?? Number.NaN),
      );
      // The line furthest below the market comes first, with its dollar gap.
      const first = page.locator("#lines tbody tr").first();
      const top = expected.lines[0];
      expect(await first.getAttribute("data-row")).toBe(String(top?.row));
      expect(await first.locator("td.gap").innerText()).toBe(
        formatUsd(top?.annualGapToMedian ?? Number.NaN),
      );
      // The chart: a series per payer plus all payers, your rate and Medicare marked.
      const chart = page.locator("details[open] svg.contract-chart");
      expect(await chart.isVisible()).toBe(true);
      expect(await chart.locator("g.series").count()).toBe((top?.byPayer.length ?? 0) + 1);
      expect(await chart.locator("g.your-rate").count()).toBe(1);
      expect(await chart.locator("g.medicare").count()).toBe(1);
      expect(await page.locator(".synthetic-banner").isVisible()).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, "contracts-sample.png"), fullPage: true });

      // Change the offer: the page re-evaluates (external script) and the totals move.
      await Promise.all([
        page.waitForURL(/\/contracts$/),
        page
          .locator("#offer")
          .fill("p60")
          .then(() => page.locator("#offer").dispatchEvent("change")),
      ]);
      const p60 = await sampleEvaluation("p60");
      expect(await page.locator("#totals tr.total-row td.projected").innerText()).toBe(
        formatUsd(p60.total.projectedRevenue ?? Number.NaN),
      );
      expect(p60.total.projectedRevenue).not.toBe(expected.total.projectedRevenue);

      // Download the workbook: a summary sheet and one sheet per payer.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator("#download-workbook").click(),
      ]);
      const file = join(dir, "evaluation.xlsx");
      await download.saveAs(file);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      expect(book.worksheets.map((w) => w.name)).toEqual([
        "Summary",
        ...p60.payers.map((p) => p.payer),
      ]);
      await page.close();
    },
  );

  it.skipIf(!available)(
    "uploads a schedule, evaluates the good rows and lists the bad ones by row number",
    async () => {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      await page.goto(`${server.url}contracts`);
      const upload = join(dir, "my-schedule.csv");
      await writeFile(upload, FIXTURE_SCHEDULE);
      await page.locator('#upload-form input[name="file"]').setInputFiles(upload);
      await page.locator('#upload-form input[name="market"]').fill("cbsa:12580");
      await page.locator('#upload-form input[name="zip"]').fill("21201");
      await Promise.all([
        page.waitForURL(/\/contracts$/),
        page.locator('#upload-form button[type="submit"]').click(),
      ]);
      expect(await page.locator("#lines tbody tr").count()).toBe(4);
      const errors = await page.locator("#row-errors li").allInnerTexts();
      expect(errors.map((e) => /^Row (\d+)/.exec(e)?.[1])).toEqual(["6", "7", "8", "9"]);
      // A bad market is shown on the page, the form kept.
      await page.locator('#upload-form input[name="file"]').setInputFiles(upload);
      await page.locator('#upload-form input[name="market"]').fill("metro:baltimore");
      await Promise.all([
        page.waitForURL(/\/contracts$/),
        page.locator('#upload-form button[type="submit"]').click(),
      ]);
      expect(await page.locator("#form-error").innerText()).toMatch(/not a market kind/);
      await page.close();
    },
  );
});

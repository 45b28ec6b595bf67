/**
 * The web UI in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
 * index → 64491 publication with its benchmark table, chart and synthetic banner; the explorer
 * form; the claim checker; the API reference (Swagger UI from the package). The server sends its
 * Content-Security-Policy, and any CSP violation or page error reported by the browser fails the
 * test. Skips only outside CI when Chromium is absent; in CI it fails.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type Page } from "playwright-core";
import { CHROMIUM, launchHeadlessChromium } from "../../testing/headless-chromium.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../../testing/benchmark-fixture.js";
import { loadBundledReferenceData } from "../../analyze/reference/load-reference-data.js";
import { createApp } from "../../http/create-app.js";
import { defaultServices } from "../../http/default-services.js";
import { startServer, type RunningServer } from "../../http/start-server.js";
import { Store } from "../../store/store.js";
import { writePublication } from "../report/write-publication.js";

const available = existsSync(CHROMIUM);
/** Screenshots go under out/ (git-ignored) for a human to look at; they are never committed. */
const SCREENSHOTS = new URL("../../../out/ui-screenshots/", import.meta.url).pathname;

describe("web UI in headless Chromium", () => {
  if (!available && process.env.CI !== undefined) {
    it("needs Chromium in CI", () => {
      expect.fail(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
    });
    return;
  }
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let dir: string;
  /** Console errors (CSP violations among them) and uncaught page errors, checked after each test. */
  const problems: string[] = [];
  const newPage = async (options?: Parameters<Browser["newPage"]>[0]): Promise<Page> => {
    const page = await browser.newPage(options);
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    return page;
  };
  afterEach(() => {
    const seen = problems.splice(0);
    expect(seen, "browser console errors (CSP violations?)").toEqual([]);
  });

  beforeAll(async () => {
    store = await Store.memory();
    await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
    const ref = await loadBundledReferenceData();
    dir = await mkdtemp(join(tmpdir(), "ratelens-ui-"));
    for (const code of ["64490", "64491"]) {
      await writePublication(store, ref, code, dir, { now: new Date("2026-01-02T03:04:05Z") });
    }
    server = await startServer(createApp(defaultServices(store, ref, dir)), {
      port: 0,
      hostname: "127.0.0.1",
    });
    browser = await launchHeadlessChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    // Each resource may be missing when beforeAll failed part-way.
    await (browser as Browser | undefined)?.close();
    await (server as RunningServer | undefined)?.close();
    (store as Store | undefined)?.close();
    if ((dir as string | undefined) !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!available)(
    "follows the index to 64491 and shows the table, the chart and the synthetic banner",
    async () => {
      const page = await newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(server.url);
      await expect.poll(() => page.title()).toBe("ratelens publications");
      await page.getByRole("link", { name: "64491", exact: true }).click();
      await page.waitForURL(/\/codes\/64491$/);
      // Real payer data only by default: no banner, no synthetic row; a link to the other view.
      expect(await page.locator("table.benchmark-table").innerText()).toContain("CareFirst");
      expect(await page.locator(".synthetic-banner").count()).toBe(0);
      expect(await page.locator("tr.payer-row.synthetic").count()).toBe(0);
      await page.locator("a.view-switch").click();
      await page.waitForURL(/\/codes\/64491-including-synthetic$/);
      const table = page.locator("table.benchmark-table");
      expect(await table.isVisible()).toBe(true);
      expect(await table.locator("tbody tr").count()).toBeGreaterThan(1);
      expect(await table.innerText()).toContain("CareFirst");
      const chart = page.locator("svg.distribution-chart");
      expect(await chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(400);
      expect(await chart.locator("g.series").count()).toBeGreaterThan(1);
      expect(await chart.locator("g.series.synthetic").count()).toBeGreaterThan(0);
      expect(await page.locator(".synthetic-banner").isVisible()).toBe(true);
      expect(
        await page.locator("tr.payer-row.synthetic .synthetic-marker").first().isVisible(),
      ).toBe(true);
      await page.screenshot({ path: join(SCREENSHOTS, "64491.png"), fullPage: true });
      await page.close();
    },
  );

  it.skipIf(!available)(
    "prints the publication without navigation, with the chart and the banner",
    async () => {
      const page = await newPage();
      await page.goto(`${server.url}codes/64491-including-synthetic`);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".top-nav").isVisible()).toBe(false);
      expect(await page.locator("svg.distribution-chart").isVisible()).toBe(true);
      expect(await page.locator(".synthetic-banner").isVisible()).toBe(true);
      const pdf = await page.pdf({ format: "Letter" });
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      await page.close();
    },
  );

  it.skipIf(!available)("filters in the benchmark explorer", async () => {
    const page = await newPage();
    await page.goto(`${server.url}explorer`);
    await page.fill("input[name=code]", "64491");
    await page.selectOption("select[name=synthetic]", "false");
    await page.click("button[type=submit]");
    await page.waitForURL(/explorer\?code=64491/);
    expect(await page.locator("table.benchmark-table").isVisible()).toBe(true);
    expect(await page.locator("tr.payer-row.synthetic").count()).toBe(0);
    expect(await page.locator(".synthetic-banner").count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "explorer.png"), fullPage: true });
    await page.close();
  });

  it.skipIf(!available)(
    "checks the sample claim and lists findings with their sources",
    async () => {
      const page = await newPage();
      await page.goto(`${server.url}check`);
      await page.click("button[type=submit]");
      await page.waitForSelector("h2:has-text('Findings')");
      const summary = await page.locator("h2 + p").innerText();
      expect(summary).toMatch(/^1 claim checked, \d+ findings?\.$/);
      expect(await page.locator("table.findings-table tbody tr").count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SCREENSHOTS, "check.png"), fullPage: true });
      await page.close();
    },
  );

  it.skipIf(!available)(
    "shows the expected Medicare amount the CLI prints, with year and locality named, or why not priced",
    async () => {
      const page = await newPage();
      await page.goto(`${server.url}check`);
      // The sample claim, priced for Los Angeles: the figure `ratelens check --locality` gives.
      await page.fill("input#locality", "01182-18");
      await page.click("button[type=submit]");
      await page.waitForSelector("h2:has-text('Expected Medicare amount')");
      const section = page.locator("section.expected-medicare");
      expect(await section.locator(".expected-basis").innerText()).toBe(
        "Medicare PFS 2025, non-facility, locality 01182-18 (LOS ANGELES-LONG BEACH-ANAHEIM (LOS ANGELES/ORANGE CNTY))",
      );
      expect(await section.locator(".expected-total").innerText()).toMatch(/^\$\d[\d,]*\.\d\d$/);
      expect(await section.locator("table.expected-lines tbody tr").count()).toBeGreaterThan(0);
      expect(await section.innerText()).toContain("Source: PPRRVU2025");
      // The fields keep what was typed; a year without a fee schedule says why there is no amount.
      expect(await page.inputValue("input#locality")).toBe("01182-18");
      await page.fill("input#year", "2019");
      await page.click("button[type=submit]");
      await page.waitForSelector("section.expected-medicare p.missing");
      expect(await page.locator("section.expected-medicare").innerText()).toMatch(
        /^Claim sample-1: not priced: no 2019 Medicare fee schedule is loaded/,
      );
      await page.close();
    },
  );

  it.skipIf(!available)("shows the API reference with Swagger UI under the CSP", async () => {
    const page = await newPage();
    const response = await page.goto(`${server.url}api/v1/reference`);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.waitForSelector(".swagger-ui .opblock", { timeout: 20_000 });
    expect(await page.locator(".swagger-ui .opblock").count()).toBeGreaterThanOrEqual(6);
    await page.close();
  });

  it.skipIf(!available)(
    "signs in with the token on a server started with one, then shows the page asked for",
    async () => {
      const token = "web-ui-test-token-0123456789";
      const locked = await startServer(
        createApp(defaultServices(store, await loadBundledReferenceData(), dir), { token }),
        { port: 0, hostname: "127.0.0.1" },
      );
      try {
        const page = await newPage();
        await page.goto(`${locked.url}check`);
        await page.waitForURL(/\/login\?next=%2Fcheck$/);
        await page.fill("input[name=token]", token);
        await page.click("button[type=submit]");
        await page.waitForURL(/\/check$/);
        expect(await page.locator("textarea#claims").isVisible()).toBe(true);
        // The cookie holds a hash of the token, not the token, and scripts cannot read it.
        const cookies = await page.context().cookies();
        expect(
          cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.secure, cookie.sameSite]),
        ).toEqual([["__Host-ratelens-session", true, true, "Strict"]]);
        expect(cookies[0]!.value).not.toContain(token);
        await page.close();
      } finally {
        await locked.close();
      }
    },
  );
});

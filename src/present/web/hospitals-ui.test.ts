/**
 * The hospital pages in a real headless Chromium: from the site navigation to the hospital files,
 * one file's findings, and the cross-check filtered by payer through its form. Any CSP violation or
 * page error fails the test. Skips only outside CI when Chromium is absent; in CI it fails.
 */
import { existsSync } from "node:fs";
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../http/create-app.js";
import { startServer, type RunningServer } from "../../http/start-server.js";
import { CHROMIUM, launchHeadlessChromium } from "../../testing/headless-chromium.js";
import {
  hospitalHttpFixture,
  type HospitalHttpFixture,
} from "../../testing/hospital-http-fixture.js";

const available = existsSync(CHROMIUM);

describe("hospital pages in headless Chromium", () => {
  if (!available && process.env.CI !== undefined) {
    it("needs Chromium in CI", () => {
      expect.fail(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
    });
    return;
  }
  let fixture: HospitalHttpFixture;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    fixture = await hospitalHttpFixture();
    server = await startServer(createApp(fixture.services), { port: 0, hostname: "127.0.0.1" });
    browser = await launchHeadlessChromium();
  }, 120_000);

  afterAll(async () => {
    await (browser as Browser | undefined)?.close();
    await (server as RunningServer | undefined)?.close();
    await (fixture as HospitalHttpFixture | undefined)?.close();
  });

  it.skipIf(!available)(
    "goes from the navigation to a file's findings and to the cross-check filtered by payer",
    async () => {
      const problems: string[] = [];
      const page = await browser.newPage();
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));

      await page.goto(`${server.url}explorer`);
      await page.locator("nav.top-nav").getByRole("link", { name: "Hospital files" }).click();
      await page.waitForURL(/\/hospitals$/);
      const files = page.locator("table.findings-table tbody tr");
      expect(await files.count()).toBe(2);
      expect(await page.locator(".synthetic-banner").isVisible()).toBe(true);

      const errors = fixture.errorsLoad;
      await page
        .getByRole("link", { name: `${errors.errors} errors, ${errors.warnings} warnings` })
        .click();
      await page.waitForURL(new RegExp(`/hospitals/${errors.fileId}/findings$`));
      expect(await page.locator("h1").innerText()).toMatch(/^Findings/);
      const rules = [...new Set(errors.findings.map((f) => f.rule))];
      const byRule = await page.locator("table.findings-table").first().innerText();
      for (const rule of rules) expect(byRule).toContain(rule);

      await page.locator("nav.top-nav").getByRole("link", { name: "Hospital vs payer" }).click();
      await page.waitForURL(/\/crosscheck$/);
      const all = await page.locator("tbody tr").count();
      expect(all).toBe(fixture.seeded.planted.length);
      await page.locator('input[name="payer"]').fill("Aetna");
      await page.getByRole("button", { name: "Compare" }).click();
      await page.waitForURL(/payer=Aetna/);
      const rows = page.locator("tbody tr");
      const shown = await rows.count();
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(all);
      for (let i = 0; i < shown; i++) {
        expect(await rows.nth(i).locator("td").nth(1).innerText()).toBe("Aetna");
      }
      expect(await page.locator('input[name="payer"]').inputValue()).toBe("Aetna");
      await page.close();
      expect(problems, "browser console errors (CSP violations?)").toEqual([]);
    },
    60_000,
  );
});

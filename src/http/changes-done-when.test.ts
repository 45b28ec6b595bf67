/**
 * Issue 17's "done when", end to end on a store folder: two monthly releases of the synthetic
 * payer are loaded; `ratelens changes`, GET /api/v1/changes and the payer page show exactly the
 * planted changes; GET /api/v1/alerts and /alerts, with the sample watch file, report the changes,
 * the policy version that took effect and their dollar effect on the sample practice's volumes.
 * The payer page is also opened in headless Chromium.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import changesCommand from "../cli/changes-command.js";
import { ingestFiles } from "../ingest/ingest.js";
import type { AlertReport } from "../rules/alerts/alert-types.js";
import { Store } from "../store/store.js";
import { launchHeadlessChromium } from "../testing/headless-chromium.js";
import {
  SYNTHETIC_PAYER,
  writeSyntheticReleases,
  type SyntheticReleases,
} from "../testing/synthetic-releases.js";
import { createApp } from "./create-app.js";
import { defaultServices } from "./default-services.js";
import { AlertReportSchema, ReleaseComparisonSchema } from "./schemas/changes-schema.js";
import { startServer } from "./start-server.js";

const WATCH = fileURLToPath(new URL("../../data/samples/watch.synthetic.json", import.meta.url));

const plantedKeys = (planted: SyntheticReleases["planted"]): string[] =>
  planted.map((c) => `${c.kind} ${c.billingCode} ${String(c.npi)}`).sort();

describe("issue 17 done-when: two synthetic releases → changes, site, API and alerts", () => {
  let dir: string;
  let folder: string;
  let store: Store;
  let generated: SyntheticReleases;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-done-when-"));
    generated = await writeSyntheticReleases(join(dir, "files"));
    folder = join(dir, "store");
    store = await Store.open(folder);
    await ingestFiles(store, [...generated.fromFiles, ...generated.toFiles], {
      offline: true,
      synthetic: true,
      workers: 0,
    });
    const ref = await loadBundledReferenceData();
    app = createApp(defaultServices(store, ref, null, { watchFile: WATCH }));
  });
  afterAll(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("ratelens changes and GET /api/v1/changes list exactly the planted changes", async () => {
    const stdout = new PassThrough();
    let text = "";
    stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    await changesCommand.run([SYNTHETIC_PAYER, "--db", folder, "--json"], {
      stdout,
      stderr: new PassThrough(),
      interactive: false,
      env: {},
    });
    type Listed = { changes: { kind: string; billingCode: string; npi: number }[] };
    const cli = JSON.parse(text) as Listed;
    const listed = (result: Listed): string[] =>
      result.changes.map((c) => `${c.kind} ${c.billingCode} ${String(c.npi)}`).sort();
    expect(listed(cli)).toEqual(plantedKeys(generated.planted));
    const response = await app.request(
      `/api/v1/changes?payer=${encodeURIComponent(SYNTHETIC_PAYER)}`,
    );
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(ReleaseComparisonSchema.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(listed(body as Listed)).toEqual(plantedKeys(generated.planted));
    const bad = await app.request("/api/v1/changes?payer=x&from=May");
    expect(bad.status).toBe(400);
    const unknown = await app.request("/api/v1/changes?payer=Nobody%20Health");
    expect(unknown.status).toBe(404);
  });

  it("the payer page lists the planted changes, a median chart per code, labelled synthetic", async () => {
    const page = await app.request(`/payers/${encodeURIComponent(SYNTHETIC_PAYER)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const rows = [...html.matchAll(/<tr data-kind="([a-z-]+)">/g)].map((m) => m[1]);
    expect(rows).toHaveLength(generated.planted.length);
    expect(rows.sort()).toEqual(generated.planted.map((c) => c.kind).sort());
    expect(html).toContain("Synthetic data.");
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).toMatch(/<title>2026-06: median \$[\d,.]+ over \d+ providers<\/title>/);
    const index = await (await app.request("/payers")).text();
    expect(index).toContain(`/payers/${encodeURIComponent(SYNTHETIC_PAYER)}`);
    expect((await app.request("/payers/Nobody")).status).toBe(404);
  });

  it("alerts (API and page) report the changes, the Medicare version in effect and dollars", async () => {
    const response = await app.request("/api/v1/alerts?today=2024-08-20&since=2024-08-01");
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(AlertReportSchema.safeParse(body).error?.issues ?? []).toEqual([]);
    const report = body as AlertReport;
    const move = report.alerts.find((a) => a.kind === "rate-move" && a.codes[0] === "64491");
    expect(move?.dollarEffect).not.toBeNull();
    expect(report.alerts.some((a) => a.kind === "rate-type" && a.codes[0] === "64633")).toBe(true);
    const policy = report.alerts.find((a) => a.kind === "policy-in-effect");
    expect(policy?.source).toMatchObject({ kind: "policy", effective: "2024-08-05" });
    // 64492 × 40 units at $92 + 64495 × 25 units at $88 (the sample watch's volumes and fees).
    expect(policy?.dollarEffect).toBeCloseTo(40 * 92 + 25 * 88, 6);
    const page = await (await app.request("/alerts?today=2024-08-20&since=2024-08-01")).text();
    expect(page).toContain("took effect on 2024-08-05");
    expect(page).toContain("$5,880.00 a year at stake");
    expect((await app.request("/alerts?today=soon")).status).toBe(400);
  });

  it("renders the payer page in headless Chromium with the nav links", async () => {
    const server = await startServer(app, { port: 0, hostname: "127.0.0.1" });
    let browser: Browser | undefined;
    try {
      browser = await launchHeadlessChromium();
      const page = await browser.newPage();
      await page.goto(new URL(`/payers/${encodeURIComponent(SYNTHETIC_PAYER)}`, server.url).href);
      expect(await page.locator("h1").first().textContent()).toBe(SYNTHETIC_PAYER);
      expect(await page.locator("tr[data-kind]").count()).toBe(generated.planted.length);
      expect(await page.locator("figure.median-chart svg").count()).toBeGreaterThanOrEqual(4);
      await page.click("nav.top-nav >> text=Alerts");
      expect(await page.locator("h1").textContent()).toBe("Alerts");
    } finally {
      await browser?.close();
      await server.close();
    }
  });
});

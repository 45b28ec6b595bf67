import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../../analyze/reference/reference-types.js";
import { ingestHospitalFile } from "../../ingest/hospital/ingest-hospital-file.js";
import { mapPayer } from "../../normalize/payers/map-payer.js";
import { Store } from "../../store/store.js";
import {
  hospitalHttpFixture,
  type HospitalHttpFixture,
} from "../../testing/hospital-http-fixture.js";
import {
  appendProviderGroups,
  appendRates,
  insertFixtureSourceFile,
  type RateRow,
} from "../../testing/tic-row-writer.js";
import { buildPublication, type PublicationParts } from "./build-publication.js";
import type { Publication } from "./publication-types.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-markdown.js";
import { publicationFor, publicationViewsFor, writePublication } from "./write-publication.js";

const V3_JSON = join(import.meta.dirname, "../../sources/hpt/fixtures/examples/v3.0.json");
const EIN = "123456781";
const PAYER_FILE = "platform-in-network.json";
const now = new Date("2026-01-02T03:04:05Z");

let ref: ReferenceData;
beforeAll(async () => {
  ref = await loadBundledReferenceData();
});

/** The hospital section of a rendered page. */
function section(html: string): string {
  const match = /<section id="hospital-rates">([\s\S]*?)<\/section>/.exec(html);
  expect(match).not.toBeNull();
  return match![1]!;
}

/** The payer-specific charges for `code` in CMS's v3.0 example, read straight from the JSON. */
interface Expected {
  payer: string;
  setting: string;
  dollars: number[];
  percent: number[];
  algorithms: string[];
  positions: string[];
}
async function expectedFromFile(code: string): Promise<Expected[]> {
  type Payer = Record<string, unknown>;
  const doc = JSON.parse(await readFile(V3_JSON, "utf8")) as {
    standard_charge_information: {
      code_information: { code: string; type: string }[];
      standard_charges: { setting: string; payers_information?: Payer[] }[];
    }[];
  };
  const out = new Map<string, Expected>();
  doc.standard_charge_information.forEach((item, i) => {
    if (!item.code_information.some((c) => c.code === code)) return;
    item.standard_charges.forEach((charge, j) => {
      (charge.payers_information ?? []).forEach((p, k) => {
        const payer = mapPayer(p.payer_name as string).payer;
        const key = `${payer}|${charge.setting}`;
        const entry = out.get(key) ?? {
          payer,
          setting: charge.setting,
          dollars: [],
          percent: [],
          algorithms: [],
          positions: [],
        };
        if (typeof p.standard_charge_dollar === "number") {
          entry.dollars.push(p.standard_charge_dollar);
        }
        if (typeof p.standard_charge_percentage === "number") {
          entry.percent.push(p.standard_charge_percentage);
        }
        if (typeof p.standard_charge_algorithm === "string") {
          entry.algorithms.push(p.standard_charge_algorithm);
        }
        entry.positions.push(
          `$.standard_charge_information[${i}].standard_charges[${j}].payers_information[${k}]`,
        );
        out.set(key, entry);
      });
    });
  });
  return [...out.values()];
}

describe("the publication's hospital price-transparency section", () => {
  let store: Store;
  let dir: string;
  beforeEach(async () => {
    store = await Store.memory();
    dir = await mkdtemp(join(tmpdir(), "ratelens-hospital-publication-"));
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("says in one line that no hospital file is loaded (no empty table), in HTML, Markdown and JSON", async () => {
    const written = await writePublication(store, ref, "64633", dir, { now });
    const pub = JSON.parse(await readFile(written.json, "utf8")) as Publication;
    expect(pub.hospitalRates).toMatchObject({ hospitalFilesLoaded: 0, rows: [], files: [] });
    const html = section(await readFile(written.html, "utf8"));
    expect(html).toContain("<h2>Hospital price-transparency files</h2>");
    expect(html.match(/<p class="missing">/g)).toHaveLength(1);
    expect(html).toContain(
      "No hospital price-transparency file is loaded in the store: no hospital&#39;s own negotiated charges for 64633",
    );
    expect(html).not.toContain("<table");
    const markdown = await readFile(written.markdown, "utf8");
    expect(markdown).toContain(
      "## Hospital price-transparency files\n\n_No hospital price-transparency file is loaded in the store",
    );
  });

  describe("with CMS's v3.0 example hospital and the payer's own TiC file", () => {
    beforeEach(async () => {
      await ingestHospitalFile(store, V3_JSON, { ein: EIN });
      await store.withConnection(async (c) => {
        const fileId = await insertFixtureSourceFile(c, {
          location: PAYER_FILE,
          sha256: "f".repeat(64),
          reportingEntityName: "Platform Health Insurance",
        });
        await appendProviderGroups(
          c,
          [1, 2, 3].map((k) => ({
            fileId,
            groupKey: k,
            providerGroupId: String(k),
            npi: 1_000_000_000 + k,
            tinType: "ein" as const,
            tinValue: `12345678${k}`,
          })),
        );
        const rate = (
          itemIndex: number,
          code: string,
          value: number,
          billingClass: RateRow["billingClass"],
          groupKey: number,
          negotiatedType: RateRow["negotiatedType"] = "negotiated",
        ): RateRow => ({
          fileId,
          itemIndex,
          rateIndex: groupKey,
          priceIndex: 0,
          billingCode: code,
          groupKey,
          providerGroupId: String(groupKey),
          negotiatedType,
          rate: value,
          billingClass,
          serviceCodes: null,
          modifiers: null,
        });
        await appendRates(c, [
          // 70551: the rate for this hospital (EIN 123456781) equals the hospital's own $400.
          rate(0, "70551", 400, "institutional", 1),
          rate(0, "70551", 420, "institutional", 2),
          rate(0, "70551", 510, "institutional", 3),
          rate(0, "70551", 95, "professional", 1),
          // 99283: the payer writes 78 % for this hospital, the hospital 80 %.
          rate(1, "99283", 78, "institutional", 1, "percentage"),
        ]);
      });
    });

    it("shows each hospital × payer × setting row with the file's own figures, beside the payer's institutional TiC rates, never pooled", async () => {
      const pub = await publicationFor(store, ref, "70551", { now });
      const rates = pub.hospitalRates!;
      const expected = await expectedFromFile("70551");
      expect(expected).toHaveLength(2);
      expect(
        rates.rows.map((row) => ({
          payer: row.payer,
          setting: row.setting,
          unit: row.unit,
          count: row.count,
          median: row.median,
          positions: row.positions,
        })),
      ).toEqual(
        expected
          .sort((a, b) => a.payer.localeCompare(b.payer))
          .map((e) => ({
            payer: e.payer,
            setting: e.setting,
            unit: "dollars",
            count: e.dollars.length,
            median: e.dollars[0],
            positions: e.positions,
          })),
      );
      const sha256 = createHash("sha256")
        .update(await readFile(V3_JSON))
        .digest("hex");
      expect(rates.files).toEqual([
        {
          fileId: rates.files[0]!.fileId,
          hospitalName: "West Mercy Hospital",
          location: V3_JSON,
          sha256,
          lastUpdatedOn: "2026-04-01",
          version: "3.0.0",
          synthetic: false,
        },
      ]);
      const [platform, region] = rates.rows;
      // The payer's side: its three institutional rates (not the professional $95), its file.
      expect(platform!.payerTic).toEqual([
        {
          setting: "unspecified",
          count: 3,
          min: 400,
          median: 420,
          max: 510,
          files: [{ location: PAYER_FILE, sha256: "f".repeat(64) }],
          synthetic: false,
        },
      ]);
      expect(platform!.crosscheck).toEqual({
        status: "agree",
        difference: 0,
        payerValues: [400],
      });
      // No TiC file of Region Health Insurance is loaded: nothing beside it, no verdict.
      expect(region!.payerTic).toEqual([]);
      expect(region!.crosscheck).toBeNull();
      // Never pooled: the payer benchmark holds the TiC rates only.
      expect(new Set(pub.benchmark!.payers.map((row) => row.payer))).toEqual(
        new Set(["Platform Health Insurance"]),
      );
      expect(pub.benchmark!.payers.reduce((n, row) => n + row.stats.count, 0)).toBe(4);
      expect(pub.synthetic).toBe(false);

      const html = section(renderHtml(pub));
      expect(html.match(/<tr class="hospital-row">/g)).toHaveLength(2);
      expect(html).not.toContain("synthetic-marker");
      for (const text of [
        "West Mercy Hospital",
        `Hospital file ${V3_JSON}`,
        `last updated 2026-04-01, SHA-256 ${sha256.slice(0, 12)}…`,
        "at $.standard_charge_information[0].standard_charges[0].payers_information[0]",
        `Payer TiC file ${PAYER_FILE}, SHA-256 ffffffffffff…`,
        "unspecified: 3 rates, median $420.00, $400.00–$510.00",
        "agree (payer&#39;s rate for this hospital: $400.00)",
        "none in the store for this payer, code and setting",
        `<td class="hash">${sha256}</td>`,
      ]) {
        expect(html).toContain(text);
      }
      // The table's CSV download, read back from the table.
      const link =
        /download="70551-hospital-rates-table\.csv" href="data:text\/csv;charset=utf-8,([^"]+)"/.exec(
          html,
        );
      const csv = decodeURIComponent(link![1]!).split("\r\n");
      expect(csv[0]).toBe(
        "Hospital,Payer,Setting,Billing class,Charges,Lowest,Median,Highest,Payer's institutional TiC rates (all providers),Cross-check (this hospital),Source: hospital file,Source: payer file",
      );
      expect(csv[1]).toMatch(
        /^West Mercy Hospital,Platform Health Insurance .*,outpatient,not stated,1,\$400\.00,\$400\.00,\$400\.00,/,
      );
      expect(csv[2]).toMatch(/^West Mercy Hospital,Region Health Insurance .*,\$250\.00,/);
      expect(html).toContain('download="70551-hospital-files-table.csv"');

      const markdown = renderMarkdown(pub);
      expect(markdown).toContain("## Hospital price-transparency files");
      expect(markdown).toContain(
        "| West Mercy Hospital | Platform Health Insurance; plans: PPO | outpatient | not stated | 1 | $400.00 | $400.00 | $400.00 | unspecified: 3 rates, median $420.00, $400.00–$510.00 | agree (payer's rate for this hospital: $400.00) |",
      );
      expect(markdown).toContain(`| West Mercy Hospital | \`${V3_JSON}\` | 3.0.0 | 2026-04-01 |`);
    });

    it("keeps percentages and algorithms apart from dollars, and per-diem amounts per day", async () => {
      const percent = (await publicationFor(store, ref, "99283", { now })).hospitalRates!;
      const expected = await expectedFromFile("99283");
      expect(percent.rows.map((row) => [row.payer, row.unit, row.min])).toEqual(
        expected.map((e) => [e.payer, "percent", e.percent[0]]),
      );
      expect(percent.rows[0]!.crosscheck).toMatchObject({ status: "differ", difference: 2 });
      const html = section(renderHtml(await publicationFor(store, ref, "99283", { now })));
      expect(html).not.toContain("hospital-rates-table");
      expect(html).toContain("No hospital file gives a dollar amount for this code.");
      expect(html).toContain('<table class="hospital-nondollar-table">');
      expect(html).toContain("80 % of billed charges");
      expect(html).toContain(
        "differ: hospital +2 points (payer&#39;s rate for this hospital: 78 % of billed charges)",
      );
      expect(html).not.toContain("$80.00");

      const algorithm = (await publicationFor(store, ref, "C1785", { now })).hospitalRates!;
      const algorithms = await expectedFromFile("C1785");
      expect(algorithm.rows.map((row) => [row.unit, row.min, row.algorithms])).toEqual(
        algorithms.map((e) => ["algorithm", null, e.algorithms]),
      );

      const perDiem = (await publicationFor(store, ref, "H0017", { now })).hospitalRates!;
      const days = await expectedFromFile("H0017");
      const sorted = (list: number[]): number[] => [...list].sort((a, b) => a - b);
      expect(
        perDiem.rows.map((row) => [row.payer, row.unit, row.count, row.min, row.median, row.max]),
      ).toEqual(
        days.map((e) => {
          const v = sorted(e.dollars);
          return [
            e.payer,
            "per_diem",
            v.length,
            v[0],
            v[Math.floor(v.length / 2)],
            v[v.length - 1],
          ];
        }),
      );
      const markdown = renderMarkdown(await publicationFor(store, ref, "H0017", { now }));
      expect(markdown).toContain("$1,800.00 per day");
    });
  });
});

describe("a synthetic hospital file in the publication", () => {
  let fixture: HospitalHttpFixture;
  beforeAll(async () => {
    fixture = await hospitalHttpFixture();
  }, 120_000);
  afterAll(async () => {
    await fixture.close();
  });

  it("is labelled synthetic, shows the planted verdicts, and stays out of a real-only view", async () => {
    const planted = fixture.seeded.planted.filter(
      (p) => p.status === "agree" || p.status === "differ",
    );
    const code = planted[0]!.code;
    const views = await publicationViewsFor(fixture.store, fixture.ref, code, { now });
    const pub = views.primary;
    expect(pub.synthetic).toBe(true);
    const rates = pub.hospitalRates!;
    expect(rates.files).toHaveLength(1);
    expect(rates.files[0]!.synthetic).toBe(true);
    expect(rates.rows.every((row) => row.synthetic)).toBe(true);
    const verdicts = rates.rows
      .filter((row) => row.crosscheck !== null && row.unit !== "algorithm")
      .map((row) => `${row.payer}|${row.unit}|${row.crosscheck!.status}`)
      .sort();
    const plantedForCode = planted
      .filter((p) => p.code === code)
      .map((p) => `${p.payer}|${p.unit}|${p.status}`);
    expect(verdicts).toEqual(expect.arrayContaining([...new Set(plantedForCode)]));
    const html = section(renderHtml(pub));
    expect(html.match(/<tr class="hospital-row synthetic">/g)).toHaveLength(rates.rows.length);
    expect(html).toContain('<span class="synthetic-marker">synthetic</span>');
    expect(html).toContain("Rows marked synthetic come from generated demo files");
    expect(renderMarkdown(pub)).toMatch(/\| [^|]*\(SYNTHETIC DEMO\) \*\*\(synthetic\)\*\* \|/);

    const real = await publicationFor(fixture.store, fixture.ref, code, {
      now,
      filters: { includeSynthetic: false },
    });
    expect(real.hospitalRates).toMatchObject({ rows: [], syntheticFilesLeftOut: 1 });
    expect(real.synthetic).toBe(false);
    expect(section(renderHtml(real))).toContain(
      "1 synthetic hospital file with charges for " + code + " is left out of this real-only view.",
    );
  });
});

describe("the hospital section's escaping", () => {
  it("escapes hospital, payer, plan, file and algorithm text by construction", async () => {
    const text = await readFile(
      new URL("fixtures/publication-99999-code-and-rates-missing.json", import.meta.url),
      "utf8",
    );
    const parts = (JSON.parse(text) as { parts: PublicationParts }).parts;
    const hostile = `<img src=x onerror="alert(1)">`;
    const file = {
      fileId: 1,
      hospitalName: hostile,
      location: `${hostile}.json`,
      sha256: "a".repeat(64),
      lastUpdatedOn: hostile,
      version: "3.0.0",
      synthetic: false,
    };
    const row = {
      hospital: file,
      payer: hostile,
      payerNames: [hostile],
      plans: [hostile],
      setting: "outpatient",
      billingClass: hostile,
      count: 1,
      methodologies: [],
      positions: [hostile],
      payerTic: [],
      crosscheck: null,
      synthetic: false,
    };
    const pub = buildPublication({
      ...parts,
      hospitalRates: {
        code: "99999",
        hospitalFilesLoaded: 1,
        files: [file],
        rows: [
          { ...row, unit: "dollars", min: 1, median: 1, max: 1, algorithms: [] },
          { ...row, unit: "algorithm", min: null, median: null, max: null, algorithms: [hostile] },
        ],
        syntheticFilesLeftOut: 0,
        synthetic: false,
      },
    });
    const html = section(renderHtml(pub));
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain('<table class="hospital-nondollar-table">');
  });
});

import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURE_SCHEDULE, loadContractFixture } from "../testing/contract-fixture.js";
import type { ContractEvaluation } from "../analyze/contracts/contract-types.js";
import { evaluateFeeSchedule } from "../analyze/contracts/evaluate-fee-schedule.js";
import { parseOffer } from "../analyze/contracts/parse-offer.js";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { Store } from "../store/store.js";
import { createApp } from "./create-app.js";
import { defaultServices } from "./default-services.js";
import { ContractEvaluationSchema, XLSX_TYPE } from "./schemas/contract-schema.js";

let store: Store;
let ref: ReferenceData;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  store = await Store.memory();
  await loadContractFixture(store);
  ref = await loadBundledReferenceData();
  app = createApp(defaultServices(store, ref, null));
});
afterEach(() => {
  store.close();
});

const post = (body: unknown, query = ""): Promise<Response> =>
  Promise.resolve(
    app.request(`/api/v1/contracts/evaluate${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

/** The evaluation without its clock, for comparing two runs. */
function figures(evaluation: ContractEvaluation): ContractEvaluation {
  return { ...evaluation, generatedAt: "" };
}

describe("POST /api/v1/contracts/evaluate", () => {
  it("answers the same figures as the library (and the CLI) for the same schedule", async () => {
    const response = await post({
      schedule: FIXTURE_SCHEDULE,
      name: "fixture.csv",
      market: "cbsa:12580",
      zip: "21201",
      offer: "140% medicare",
    });
    expect(response.status).toBe(200);
    const api = (await response.json()) as ContractEvaluation;
    const library = await evaluateFeeSchedule(
      store,
      ref,
      { name: "fixture.csv", content: FIXTURE_SCHEDULE },
      { market: "cbsa:12580", zip: "21201", offer: parseOffer("140% medicare") },
    );
    expect(figures(api)).toEqual(JSON.parse(JSON.stringify(figures(library))));
    expect(api.errors.map((e) => e.row)).toEqual([6, 7, 8, 9]);
  });

  it("reads an .xlsx upload (base64) like the CSV, and returns CSV or a workbook on request", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Schedule");
    for (const line of FIXTURE_SCHEDULE.split("\n")) sheet.addRow(line.split(","));
    const xlsxBase64 = Buffer.from(await workbook.xlsx.writeBuffer()).toString("base64");
    const fromXlsx = (await (
      await post({ xlsxBase64, market: "cbsa:12580", zip: "21201" })
    ).json()) as ContractEvaluation;
    const fromCsv = (await (
      await post({ schedule: FIXTURE_SCHEDULE, market: "cbsa:12580", zip: "21201" })
    ).json()) as ContractEvaluation;
    expect(fromXlsx.lines).toEqual(fromCsv.lines);
    const csv = await post({
      schedule: FIXTURE_SCHEDULE,
      market: "cbsa:12580",
      zip: "21201",
      format: "csv",
    });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect((await csv.text()).split("\n")[0]).toMatch(/^row,payer,code,/);
    const xlsx = await post(
      { schedule: FIXTURE_SCHEDULE, market: "cbsa:12580", zip: "21201", offer: "p60" },
      "?format=xlsx",
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(["Summary", "Aetna", "CareFirst"]);
  });

  it("refuses invalid requests with a 400 naming the problem", async () => {
    const missing = await post({ market: "cbsa:12580" });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toMatch(/exactly one of schedule/);
    expect((await post({ schedule: FIXTURE_SCHEDULE, market: "file:/etc/passwd" })).status).toBe(
      400,
    );
    expect((await post({ schedule: FIXTURE_SCHEDULE, offer: "lots" })).status).toBe(400);
    expect((await post({ schedule: FIXTURE_SCHEDULE, zip: "2120" })).status).toBe(400);
    expect((await post({ schedule: "payer,code\nAetna,64493\n" })).status).toBe(400); // header lacks setting and rate
    expect((await post({ schedule: FIXTURE_SCHEDULE, zip: "00000" })).status).toBe(404);
  });

  it("refuses other media types (415) and bodies over the limit (413), naming it", async () => {
    const csv = await app.request("/api/v1/contracts/evaluate", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: FIXTURE_SCHEDULE,
    });
    expect(csv.status).toBe(415);
    expect(csv.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const huge = await post({ schedule: "x".repeat(9 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { detail: string }).detail).toContain("8 MiB");
    // The old unversioned path redirects to /api/v1, keeping the method (308).
    const old = await app.request("/api/contracts/evaluate", { method: "POST" });
    expect(old.status).toBe(308);
    expect(old.headers.get("location")).toBe("/api/v1/contracts/evaluate");
  });

  it("answers with its declared schema and is in the generated OpenAPI document", async () => {
    const answer: unknown = await (
      await post({ schedule: FIXTURE_SCHEDULE, market: "cbsa:12580", zip: "21201", offer: "p60" })
    ).json();
    expect(ContractEvaluationSchema.safeParse(answer).error?.issues ?? []).toEqual([]);
    type Doc = {
      paths: Record<
        string,
        {
          post?: {
            requestBody: { content: Record<string, { schema: { $ref: string } }> };
            responses: Record<string, { content?: Record<string, unknown> }>;
          };
        }
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as Doc;
    const route = doc.paths["/contracts/evaluate"]?.post;
    expect(route?.requestBody.content["application/json"]?.schema.$ref).toBe(
      "#/components/schemas/EvaluateContractRequest",
    );
    expect(Object.keys(doc.components.schemas.EvaluateContractRequest?.properties ?? {})).toContain(
      "offer",
    );
    expect(Object.keys(route?.responses["200"]?.content ?? {})).toEqual([
      "application/json",
      "text/csv",
      XLSX_TYPE,
    ]);
    expect(Object.keys(route?.responses ?? {})).toEqual(
      expect.arrayContaining(["400", "404", "413", "415"]),
    );
  });
});

describe("GET /api/v1/benchmarks/{code}?market=", () => {
  it("keeps only providers placed in the market by their practice ZIP and counts the unplaced apart", async () => {
    const response = await app.request(
      "/api/v1/benchmarks/64493?market=cbsa:12580&payer=CareFirst",
    );
    const body = (await response.json()) as {
      payers: { facilityClass: string; stats: { count: number } }[];
      cleaning: { ruleId: string; removed: number }[];
    };
    // CareFirst 64493 in CBSA 12580: A0–A3 and B0 (B1's 60 falls to the Medicare bounds); C0, C1 outside; D unknown.
    expect(body.payers.find((p) => p.facilityClass === "nonfacility")?.stats.count).toBe(5);
    expect(
      body.cleaning.find((s) => s.ruleId === "market-unknown-location")?.removed,
    ).toBeGreaterThanOrEqual(1);
    expect(body.cleaning.find((s) => s.ruleId === "filter-market")?.removed).toBeGreaterThanOrEqual(
      2,
    );
    expect((await app.request("/api/v1/benchmarks/64493?market=file:/etc/passwd")).status).toBe(
      400,
    );
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, { get?: { parameters: { name: string }[] } }>;
    };
    expect(doc.paths["/benchmarks/{code}"]?.get?.parameters.map((p) => p.name)).toContain("market");
  });
});

describe("/explorer with a market", () => {
  it("keeps the market in its field, filters like the API and refuses a bad market", async () => {
    const page = await app.request("/explorer?code=64493&market=cbsa:12580&payer=CareFirst");
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/name="market"[^>]*value="cbsa:12580"/);
    const bad = await app.request("/explorer?code=64493&market=metro:baltimore");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("not a market kind");
  });
});

describe("/contracts page (in-process)", () => {
  it("serves the form, its external script, and evaluates the sample", async () => {
    const page = await app.request("/contracts");
    expect(await page.text()).toContain('<script src="/assets/contracts.js" defer="">');
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const script = await app.request("/assets/contracts.js");
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    const sample = await app.request("/contracts?sample=1");
    expect(sample.status).toBe(200);
    const html = await sample.text();
    expect(html).toContain('id="totals"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/)/); // no inline script
    expect(html).toContain("Contracts</a>"); // in the site navigation
  });
});

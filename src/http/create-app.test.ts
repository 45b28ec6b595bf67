import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildBenchmarkFixture, loadBenchmarkFixture } from "../testing/benchmark-fixture.js";
import type { BenchmarkResult } from "../analyze/benchmark/benchmark-types.js";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import { getCodeEntry } from "../analyze/codes/get-code-entry.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { writePublication } from "../present/report/write-publication.js";
import { Store } from "../store/store.js";
import type { Publication } from "../present/report/publication-types.js";
import { createApp } from "./create-app.js";
import { defaultServices } from "./default-services.js";
import type { Problem } from "./error-status.js";
import type { CheckResponse } from "./app-services.js";

let store: Store;
let ref: ReferenceData;
let dir: string;
let app: ReturnType<typeof createApp>;
const logged: string[] = [];

beforeEach(async () => {
  store = await Store.memory();
  await loadBenchmarkFixture(store, buildBenchmarkFixture(), { withDirectory: true });
  ref = await loadBundledReferenceData();
  dir = await mkdtemp(join(tmpdir(), "ratelens-http-"));
  await writePublication(store, ref, "64491", dir, { now: new Date("2026-01-02T03:04:05Z") });
  logged.length = 0;
  app = createApp(defaultServices(store, ref, dir), { log: (message) => logged.push(message) });
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Requests `path` and parses the JSON answer; callers state the body's expected shape. */
async function json(path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await app.request(path, init);
  expect(response.headers.get("content-type")).toMatch(/application\/(problem\+)?json/);
  return { status: response.status, body: await response.json() };
}

describe("createApp(services) pages", () => {
  it("lists the written publications on the index, real data first, with a link to the synthetic view", async () => {
    const response = await app.request("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<a href="/codes/64491">64491</a>`);
    // The default pages show real payer data only: no banner; the other view is linked.
    expect(html).not.toContain(`class="synthetic-banner"`);
    expect(html).toContain(`href="/codes/64491-including-synthetic"`);
    expect(html).toContain("CareFirst");
  });

  it("serves the publication page, its Markdown and its JSON", async () => {
    const page = await app.request("/codes/64491");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Reimbursement benchmarks");
    expect(html).toContain("<svg");
    expect(html).toContain(`href="/codes/64491.md"`);
    const markdown = await app.request("/codes/64491.md");
    expect(markdown.headers.get("content-type")).toMatch(/text\/markdown/);
    expect(await markdown.text()).toMatch(/^# 64491/);
    const { body } = (await json("/codes/64491.json")) as { status: number; body: Publication };
    expect(body.generatedAt).toBe("2026-01-02T03:04:05.000Z");
  });

  it("serves real payer data only by default and links the page including synthetic data", async () => {
    const real = await (await app.request("/codes/64491")).text();
    expect(real).not.toContain(`class="synthetic-banner"`);
    expect(real).toContain(`href="/codes/64491-including-synthetic"`);
    const all = await app.request("/codes/64491-including-synthetic");
    expect(all.status).toBe(200);
    const html = await all.text();
    expect(html).toContain(`class="synthetic-banner"`);
    expect(html).toContain(`href="/codes/64491"`);
    const { body } = (await json("/codes/64491-including-synthetic.json")) as {
      status: number;
      body: Publication;
    };
    expect(body.dataView?.shown).toBe("including-synthetic");
    expect(body.benchmark?.payers.some((row) => row.synthetic)).toBe(true);
    // Built on the fly (no written page for 64490) the same two views answer.
    const built = (await json("/codes/64490-including-synthetic.json")) as { body: Publication };
    expect(built.body.dataView?.shown).toMatch(/including-synthetic|real-only/);
    expect((await app.request("/codes/64491-everything")).status).toBe(400);
  });

  it("builds a page on the fly for a priced code without a written publication", async () => {
    const response = await app.request("/codes/64490");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("64490");
  });

  it("answers 400 for a malformed code and 404 for an unknown page", async () => {
    expect((await app.request("/codes/6449")).status).toBe(400);
    expect((await app.request("/no/such/page")).status).toBe(404);
    expect((await app.request("/codes/0000Z")).status).toBe(404);
  });

  it("renders the explorer with filters and the claim-check form", async () => {
    const explorer = await app.request("/explorer?code=64491&state=AL&setting=&synthetic=true");
    expect(explorer.status).toBe(200);
    const html = await explorer.text();
    expect(html).toContain(`class="benchmark-table"`);
    expect(html).toContain(`value="AL"`);
    expect((await app.request("/explorer?code=64491&setting=outdoors")).status).toBe(400);
    const check = await app.request("/check");
    expect(await check.text()).toContain(`<textarea id="claims"`);
  });

  it("names the code in the explorer's result heading with our description, not a bare code", async () => {
    const html = await (await app.request("/explorer?code=64491")).text();
    const heading = /<h2 class="result-heading">([^<]*)<\/h2>/.exec(html)?.[1];
    const entry = getCodeEntry(ref, "64491");
    expect(entry.description).not.toBeNull();
    expect(heading).toBe(`64491: ${entry.description!.replace(/\s*\([^)]*\)\s*$/, "")}`);
  });

  it("offers pick lists of the loaded payers, states, markets and settings in the explorer and the API", async () => {
    const html = await (await app.request("/explorer")).text();
    expect(html).toContain(`<input name="payer" size="24" list="loaded-payers"`);
    expect(html).toContain(`<datalist id="loaded-payers">`);
    expect(html).toContain(`<option value="CareFirst BCBS" label="CareFirst BCBS">`);
    expect(html).toContain(`label="Acme Regional Health Plan (synthetic)"`);
    expect(html).toContain(`<datalist id="loaded-states"><option value="AL" label="AL">`);
    expect(html).toContain(`<option value="state:AL" label="AL (state)">`);
    const { status, body } = (await json("/api/v1/filters")) as {
      status: number;
      body: { payers: { value: string }[]; states: { value: string }[] };
    };
    expect(status).toBe(200);
    expect(body.payers.map((payer) => payer.value)).toContain("UnitedHealthcare");
    expect(body.states.map((state) => state.value)).toContain("AL");
    expect((await app.request("/api/v1/filters?x=1")).status).toBe(400);
  });
});

describe("createApp(services) JSON API", () => {
  it("GET /api/codes/:code and /api/codes?q= answer from the code reference", async () => {
    const entry = (await json("/api/v1/codes/64491")) as {
      status: number;
      body: { code: string; kind: string; allowedPrimaries: { code: string }[] };
    };
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({ code: "64491", kind: "add-on" });
    expect(entry.body.allowedPrimaries.map((primary) => primary.code)).toEqual(["64490"]);
    const search = (await json("/api/v1/codes?q=lumbar%20facet%20injection")) as {
      status: number;
      body: { results: { code: string }[] };
    };
    expect(search.status).toBe(200);
    expect(search.body.results.map((hit) => hit.code)).toContain("64493");
    expect((await json("/api/v1/codes/0000Z")).status).toBe(404);
    expect((await json("/api/v1/codes?q=")).status).toBe(400);
  });

  it("GET /api/benchmarks/:code applies the filters", async () => {
    const all = (await json("/api/v1/benchmarks/64491")) as {
      status: number;
      body: BenchmarkResult;
    };
    expect(all.status).toBe(200);
    expect(all.body.billingCode).toBe("64491");
    expect(all.body.containsSynthetic).toBe(true);
    const real = (await json("/api/v1/benchmarks/64491?synthetic=false")) as {
      status: number;
      body: BenchmarkResult;
    };
    expect(real.body.payers.some((row) => row.synthetic)).toBe(false);
    expect(real.body.payers.length).toBeGreaterThan(0);
  });

  it("GET /api/benchmarks/:code answers 400 with a message for bad filters", async () => {
    const { status, body } = (await json("/api/v1/benchmarks/64491?billingClass=dental")) as {
      status: number;
      body: Problem;
    };
    expect(status).toBe(400);
    expect(body.errorType).toBe("UsageError");
    expect(body.title).toBe("Bad Request");
    expect(body.detail).toContain("billingClass");
  });

  it("GET /api/medicare/:code gives the national amounts from the bundled CY2025 file", async () => {
    const { status, body } = (await json("/api/v1/medicare/64491?year=2025")) as {
      status: number;
      body: {
        year: number;
        rows: {
          amount: { amount: number; setting: string };
          localities: { stats: { count: number } } | null;
        }[];
      };
    };
    expect(status).toBe(200);
    // PPRRVU2025_Oct: 64491 national non-facility $94.78, facility $57.58 (data/reference/derived).
    expect(body.rows.map((row) => [row.amount.setting, row.amount.amount])).toEqual([
      ["nonfacility", 94.78],
      ["facility", 57.58],
    ]);
    expect(body.rows[0]!.localities!.stats.count).toBeGreaterThan(100);
  });

  it("GET /api/medicare/:code says when locality data is missing for a year", async () => {
    const { status, body } = (await json("/api/v1/medicare/64491?year=2026&setting=facility")) as {
      status: number;
      body: { rows: { localities: null; note: string }[] };
    };
    expect(status).toBe(200);
    expect(body.rows[0]!.localities).toBeNull();
    expect(body.rows[0]!.note).toContain("No 2026 GPCI file");
  });

  it("maps library failures to statuses: unknown year 422 or 404, unknown code 404", async () => {
    const year = (await json("/api/v1/medicare/64491?year=2019")) as {
      status: number;
      body: Problem;
    };
    expect([404, 422]).toContain(year.status);
    const code = (await json("/api/v1/medicare/99999?year=2025")) as {
      status: number;
      body: Problem;
    };
    expect(code.status).toBe(404);
    expect(code.body.errorType).toBe("NotFoundError");
  });

  it("answers 404 JSON for unknown API paths and 400 for an empty claim body", async () => {
    expect((await json("/api/v1/nothing")).status).toBe(404);
    expect((await json("/api/v1/check", { method: "POST", body: "" })).status).toBe(400);
  });

  it("POST /api/check parses and checks a claim, citing each finding's source", async () => {
    const claim = {
      id: "t-1",
      payer: "Medicare",
      dateOfService: "2025-03-04",
      placeOfService: "11",
      diagnoses: ["M47.816"],
      lines: [{ code: "64494", units: 1, diagnosisPointers: [1] }],
    };
    const { status, body } = (await json("/api/v1/check", {
      method: "POST",
      body: JSON.stringify(claim),
      headers: { "content-type": "application/json" },
    })) as {
      status: number;
      body: {
        claims: number;
        findings: { ruleId: string; severity: string; source: { title: string } }[];
      };
    };
    expect(status).toBe(200);
    expect(body.claims).toBe(1);
    // 64494 is an add-on code billed without its primary 64493: an error from the NCCI add-on table.
    expect(
      body.findings.some(
        (finding) => finding.severity === "error" && finding.source.title.length > 0,
      ),
    ).toBe(true);
  });

  it("POST /api/check gives each claim the expected Medicare amount ratelens check prints, year and locality named", async () => {
    const claim = JSON.stringify({
      id: "priced-1",
      payer: "Medicare",
      dateOfService: "2025-03-04",
      placeOfService: "11",
      diagnoses: ["M47.812"],
      lines: [
        { code: "64490", modifiers: ["50"], units: 1, diagnosisPointers: [1] },
        { code: "64491", modifiers: ["50"], units: 1, diagnosisPointers: [1] },
      ],
    });
    const post = async (query: string) =>
      (await json(`/api/v1/check${query}`, {
        method: "POST",
        body: claim,
        headers: { "content-type": "application/json" },
      })) as { status: number; body: CheckResponse };
    const national = await post("");
    expect(national.status).toBe(200);
    // The same figure as `ratelens check` (check-command.test.ts) and checkAndPrice: $421.65.
    expect(national.body.results[0]!.expectedMedicare).toMatchObject({
      status: "priced",
      year: 2025,
      setting: "nonfacility",
      locality: null,
      basis: "Medicare PFS 2025, non-facility, national (GPCIs 1.000)",
      total: 421.65,
      lines: [
        { line: 1, code: "64490", allowed: 279.48 },
        { line: 2, code: "64491", allowed: 142.17 },
      ],
    });
    const la = await post("?locality=01182-18");
    expect(la.body.results[0]!.expectedMedicare).toMatchObject({
      status: "priced",
      locality: "01182-18",
      localityName: expect.stringContaining("LOS ANGELES") as unknown,
      total: 474.12,
    });
    // Where it cannot be priced, the answer says why instead of a number.
    expect((await post("?year=2019")).body.results[0]!.expectedMedicare).toEqual({
      status: "not-priced",
      reason: expect.stringContaining("no 2019 Medicare fee schedule is loaded") as unknown,
    });
    expect((await post("?locality=99999-99")).body.results[0]!.expectedMedicare).toEqual({
      status: "not-priced",
      reason: expect.stringContaining("locality 99999-99 is not in the 2025 GPCI file") as unknown,
    });
    expect((await post("?year=25")).status).toBe(400);
  });

  it("POST /api/check answers 400 with the place of the problem for a malformed claim", async () => {
    const { status, body } = (await json("/api/v1/check", {
      method: "POST",
      body: JSON.stringify({
        payer: "Medicare",
        dateOfService: "2025-03-04",
        placeOfService: "11",
        lines: [{ code: "6449" }],
      }),
    })) as {
      status: number;
      body: Problem;
    };
    expect(status).toBe(400);
    expect(body.errorType).toBe("InputError");
    expect(body.detail).toContain("lines[0].code");
  });

  it("hides internal error messages behind a 500 and logs them", async () => {
    const broken = createApp(
      {
        ...defaultServices(store, ref, dir),
        benchmark: () => Promise.reject(new Error("secret detail")),
      },
      { log: (message) => logged.push(message) },
    );
    const response = await broken.request("/api/v1/benchmarks/64491");
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret detail");
    expect(logged.join("\n")).toContain("secret detail");
  });

  it("documents every route in /api/v1/openapi.json, and each documented GET route answers", async () => {
    const { status, body } = (await json("/api/v1/openapi.json")) as {
      status: number;
      body: { openapi: string; paths: Record<string, Record<string, unknown>> };
    };
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths).sort()).toEqual([
      "/alerts",
      "/benchmarks/{code}",
      "/changes",
      "/check",
      "/codes",
      "/codes/{code}",
      "/contracts/evaluate",
      "/crosscheck",
      "/filters",
      "/hospitals",
      "/hospitals/{fileId}/findings",
      "/medicare/{code}",
      "/publications/{code}",
    ]);
    for (const [path, methods] of Object.entries(body.paths)) {
      const concrete = `/api/v1${path.replace("{code}", "64491").replace("{fileId}", "1")}`;
      const method = "post" in methods ? "POST" : "GET";
      const response = await app.request(
        path === "/codes" ? `${concrete}?q=facet` : concrete,
        method === "POST"
          ? { method, body: "{}", headers: { "content-type": "application/json" } }
          : {},
      );
      // Every documented route answers; an empty claim or fee-schedule object is the caller's error (400).
      // This fixture loads no hospital file: file 1's findings are a 404 (hospital-routes.test.ts has
      // them); /changes needs ?payer= (400); /alerts needs a watch file, which this server has none
      // of (422).
      const expected =
        method === "POST" || path === "/changes"
          ? 400
          : path.includes("{fileId}")
            ? 404
            : path === "/alerts"
              ? 422
              : 200;
      expect(response.status, `${method} ${path}`).toBe(expected);
    }
  });
});

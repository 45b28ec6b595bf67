/**
 * The hospital pages and `/api/v1` routes, in process, over a store holding the synthetic payers'
 * files, the seeded hospital file and CMS's "lots of errors" fixture: the answers are the library's
 * (the same numbers `ratelens crosscheck --json` gives), parse with their declared schemas, and
 * bad parameters are 400 problem details naming the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crosscheck } from "../analyze/crosscheck/crosscheck.js";
import { listHospitalFiles } from "../analyze/hospitals/hospital-files.js";
import { hospitalHttpFixture, type HospitalHttpFixture } from "../testing/hospital-http-fixture.js";
import { createApp } from "./create-app.js";
import {
  CrosscheckResultSchema,
  HospitalFilesSchema,
  HospitalFindingsSchema,
} from "./schemas/hospital-schema.js";
import { ProblemSchema } from "./schemas/request-schemas.js";
import { BenchmarkResultSchema } from "./schemas/benchmark-schema.js";

let fixture: HospitalHttpFixture;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  fixture = await hospitalHttpFixture();
  app = createApp(fixture.services);
}, 120_000);
afterAll(async () => {
  await fixture.close();
});

async function getJson(path: string, status = 200): Promise<unknown> {
  const response = await app.request(path);
  expect(response.status, path).toBe(status);
  return response.json();
}

describe("/api/v1/hospitals", () => {
  it("lists each loaded file with its version, last_updated_on, counts and payers", async () => {
    const body = HospitalFilesSchema.parse(await getJson("/api/v1/hospitals"));
    expect(body.files).toHaveLength(2);
    const seeded = body.files.find((f) => f.fileId === fixture.seededLoad.fileId)!;
    expect(seeded.synthetic).toBe(true);
    expect(seeded.ein).toBe(fixture.seeded.ein);
    expect(seeded.records).toBe(fixture.seededLoad.records);
    expect(seeded.charges).toBe(fixture.seededLoad.charges);
    expect(seeded.errors).toBe(0);
    expect(seeded.payers.length).toBeGreaterThan(1);
    const errors = body.files.find((f) => f.fileId === fixture.errorsLoad.fileId)!;
    expect(errors.synthetic).toBe(false);
    expect(errors.layout).toBe(fixture.errorsLoad.layout);
    expect(errors.errors).toBe(fixture.errorsLoad.errors);
    expect(errors.errors).toBeGreaterThan(0);
    expect(errors.loadedRecords).toBe(fixture.errorsLoad.loadedRecords);
    expect(body.files).toEqual(await listHospitalFiles(fixture.store));
  });

  it("gives a file's findings per rule, with the stored findings, and 404 for an unknown file", async () => {
    const id = fixture.errorsLoad.fileId;
    const body = HospitalFindingsSchema.parse(await getJson(`/api/v1/hospitals/${id}/findings`));
    const rules = [...new Set(fixture.errorsLoad.findings.map((f) => f.rule))].sort();
    expect(body.byRule.map((r) => r.rule).sort()).toEqual([...new Set(rules)]);
    expect(body.stored).toBe(fixture.errorsLoad.errors + fixture.errorsLoad.warnings);
    expect(body.findings).toHaveLength(body.stored);
    const limited = HospitalFindingsSchema.parse(
      await getJson(`/api/v1/hospitals/${id}/findings?limit=2&severity=error`),
    );
    expect(limited.findings).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    expect(limited.findings.every((f) => f.severity === "error")).toBe(true);
    const missing = ProblemSchema.parse(await getJson("/api/v1/hospitals/999/findings", 404));
    expect(missing.detail).toMatch(/no hospital file with id 999/);
    await getJson("/api/v1/hospitals/abc/findings", 400);
  });
});

describe("/api/v1/crosscheck", () => {
  it("answers what the library answers, for the planted outcomes", async () => {
    const body = CrosscheckResultSchema.parse(await getJson("/api/v1/crosscheck"));
    expect(body).toEqual(await crosscheck(fixture.store));
    const planted = fixture.seeded.planted;
    for (const status of ["agree", "differ", "payer-missing", "hospital-missing"] as const) {
      expect(body.summary[status], status).toBe(planted.filter((p) => p.status === status).length);
    }
  });

  it("filters by payer, codes and tolerance like the CLI", async () => {
    const aetna = CrosscheckResultSchema.parse(await getJson("/api/v1/crosscheck?payer=Aetna"));
    expect(aetna.rows.length).toBeGreaterThan(0);
    expect(aetna.rows.every((r) => r.payer === "Aetna")).toBe(true);
    const code = aetna.rows[0]!.code;
    const one = CrosscheckResultSchema.parse(
      await getJson(`/api/v1/crosscheck?codes=${code.toLowerCase()}`),
    );
    expect(one.rows.every((r) => r.code === code)).toBe(true);
    const loose = CrosscheckResultSchema.parse(
      await getJson("/api/v1/crosscheck?tolerance=1000000"),
    );
    expect(loose.summary.differ).toBe(0);
  });

  it("answers bad parameters with a 400 naming them", async () => {
    const tolerance = ProblemSchema.parse(await getJson("/api/v1/crosscheck?tolerance=-1", 400));
    expect(tolerance.detail).toMatch(/tolerance/);
    const codes = ProblemSchema.parse(await getJson("/api/v1/crosscheck?codes=12", 400));
    expect(codes.detail).toMatch(/codes: "12"/);
    const unknown = ProblemSchema.parse(await getJson("/api/v1/crosscheck?hospitals=x", 400));
    expect(unknown.detail).toMatch(/hospitals/);
  });

  it("is declared in the OpenAPI document", async () => {
    const doc = (await getJson("/api/v1/openapi.json")) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/hospitals", "/hospitals/{fileId}/findings", "/crosscheck"]),
    );
  });
});

describe("hospital pages", () => {
  it("/hospitals lists the files with links to their findings, labelled synthetic", async () => {
    const response = await app.request("/hospitals");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`href="/hospitals/${fixture.errorsLoad.fileId}/findings"`);
    expect(html).toContain(`${fixture.errorsLoad.errors} errors`);
    expect(html).toContain("SYNTHETIC");
    expect(html).toContain('href="/hospitals">Hospital files</a>');
  });

  it("/hospitals/:id/findings shows the rules and findings; a bad id is a 400 page", async () => {
    const html = await (
      await app.request(`/hospitals/${fixture.errorsLoad.fileId}/findings`)
    ).text();
    for (const rule of new Set(fixture.errorsLoad.findings.map((f) => f.rule))) {
      expect(html).toContain(`<code>${rule}</code>`);
    }
    expect((await app.request("/hospitals/0/findings")).status).toBe(400);
    expect((await app.request("/hospitals/77/findings")).status).toBe(404);
  });

  it("/crosscheck renders the cross-check with the filters kept in the form, escaped", async () => {
    const response = await app.request("/crosscheck?payer=%3Cb%3E");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('value="&lt;b&gt;"');
    expect(html).not.toContain("<b>");
    const all = await (await app.request("/crosscheck")).text();
    const summary = (await crosscheck(fixture.store)).summary;
    expect(all).toContain(`${summary.agree} agree, ${summary.differ} differ`);
    expect((await app.request("/crosscheck?tolerance=x")).status).toBe(400);
  });
});

describe("source filter: /api/v1/benchmarks and the explorer", () => {
  const code = (): string =>
    fixture.seeded.planted.find((p) => p.status === "agree" && p.hospitalValue !== null)!.code;

  it("source=hospital gives the hospital charges only, labelled, with no TiC payer table", async () => {
    const body = BenchmarkResultSchema.parse(
      await getJson(`/api/v1/benchmarks/${code()}?source=hospital`),
    );
    expect(body.filters.source).toBe("hospital");
    expect(body.payers).toEqual([]);
    expect(body.commercial).toBeNull();
    expect(body.bySource!.length).toBeGreaterThan(0);
    expect(body.bySource!.every((r) => r.source === "hospital-mrf" && r.hospital !== null)).toBe(
      true,
    );
    expect(body.bySource!.every((r) => r.synthetic)).toBe(true);
    expect(body.containsSynthetic).toBe(true);
    expect(body.gaps.join(" ")).toMatch(/hospital files only/);
  });

  it("source=both keeps the TiC benchmark and adds both sources side by side; the default adds none", async () => {
    const both = BenchmarkResultSchema.parse(
      await getJson(`/api/v1/benchmarks/${code()}?source=both`),
    );
    const payer = BenchmarkResultSchema.parse(await getJson(`/api/v1/benchmarks/${code()}`));
    expect(payer.bySource).toBeUndefined();
    expect(both.payers).toEqual(payer.payers);
    const kinds = new Set(both.bySource!.map((r) => r.source));
    expect([...kinds].sort()).toEqual(["hospital-mrf", "payer-tic"]);
    const excluded = BenchmarkResultSchema.parse(
      await getJson(`/api/v1/benchmarks/${code()}?source=both&synthetic=false`),
    );
    expect(excluded.bySource).toEqual([]);
    const bad = ProblemSchema.parse(await getJson(`/api/v1/benchmarks/${code()}?source=x`, 400));
    expect(bad.detail).toMatch(/source/);
  });

  it("the explorer's source select shows the rows by source, each labelled", async () => {
    const html = await (await app.request(`/explorer?code=${code()}&source=both`)).text();
    expect(html).toContain('<option value="both" selected="">');
    expect(html).toContain("By source");
    expect(html).toContain("Payer TiC file");
    expect(html).toContain("Hospital file");
    const plain = await (await app.request(`/explorer?code=${code()}`)).text();
    expect(plain).not.toContain("By source");
  });
});

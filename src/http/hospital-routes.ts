/**
 * The hospital routes: the pages `/hospitals`, `/hospitals/:id/findings` and `/crosscheck`, and
 * `/api/v1/hospitals`, `/api/v1/hospitals/{fileId}/findings` and `/api/v1/crosscheck` declared with
 * zod-openapi. Page and API read their query through the same parser and call the same
 * `HospitalServices`; failures are thrown and answered by the app's one error handler.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import type { CrosscheckOptions } from "../analyze/crosscheck/crosscheck-types.js";
import type { HospitalServices } from "../analyze/hospitals/hospital-services.js";
import { UsageError } from "../errors.js";
import { renderCrosscheckPage } from "../present/web/crosscheck-page.js";
import { renderHospitalFindingsPage, renderHospitalsPage } from "../present/web/hospitals-page.js";
import { problems } from "./api-problems.js";
import {
  CrosscheckQuerySchema,
  CrosscheckResultSchema,
  HospitalFileParamSchema,
  HospitalFilesSchema,
  HospitalFindingsQuerySchema,
  HospitalFindingsSchema,
} from "./schemas/hospital-schema.js";
import { NoQuerySchema } from "./schemas/request-schemas.js";

const CODE = /^[A-Z0-9]{5}$/;

/**
 * `payer`, `hospital`, `codes` (repeated or comma-separated) and `tolerance` as the cross-check's
 * options; empty fields mean "no filter" (the page's form sends them empty). `UsageError` names
 * the parameter that is wrong.
 */
export function crosscheckOptionsFrom(read: (name: string) => string[]): CrosscheckOptions {
  const one = (name: string): string | undefined => {
    const value = read(name)
      .map((v) => v.trim())
      .filter((v) => v !== "");
    if (value.length > 1) throw new UsageError(`give ${name} once`);
    return value[0];
  };
  const codes = read("codes")
    .flatMap((value) => value.split(/[,\s]+/))
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== "");
  const bad = codes.find((code) => !CODE.test(code));
  if (bad !== undefined) {
    throw new UsageError(`codes: "${bad}" is not a CPT/HCPCS code (five letters or digits)`);
  }
  const toleranceText = one("tolerance");
  const tolerance = toleranceText === undefined ? 0.01 : Number(toleranceText);
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 1_000_000) {
    throw new UsageError(
      "tolerance must be a number of dollars (or percentage points) from 0 to 1,000,000",
    );
  }
  const payer = one("payer");
  const hospital = one("hospital");
  return {
    tolerance,
    ...(payer === undefined ? {} : { payer }),
    ...(hospital === undefined ? {} : { hospital }),
    ...(codes.length === 0 ? {} : { codes: [...new Set(codes)] }),
  };
}

function fileIdOf(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    throw new UsageError(`"${text}" is not a hospital file id (a whole number, e.g. 1)`);
  }
  return Number(text);
}

/** Adds the pages `/hospitals`, `/hospitals/:fileId/findings` and `/crosscheck`. */
export function mountHospitalPages(app: Hono, hospitals: HospitalServices): void {
  app.get("/hospitals", async (c) => c.html(renderHospitalsPage(await hospitals.files())));
  app.get("/hospitals/:fileId/findings", async (c) =>
    c.html(renderHospitalFindingsPage(await hospitals.findings(fileIdOf(c.req.param("fileId"))))),
  );
  app.get("/crosscheck", async (c) => {
    const url = new URL(c.req.url);
    const options = crosscheckOptionsFrom((name) => url.searchParams.getAll(name));
    return c.html(renderCrosscheckPage(await hospitals.crosscheck(options), options));
  });
}

const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const listFiles = createRoute({
  method: "get",
  path: "/hospitals",
  summary: "Loaded hospital price-transparency files: version, last_updated_on, counts, findings",
  request: { query: NoQuerySchema },
  responses: { 200: json(HospitalFilesSchema, "The files, by hospital name"), ...problems(500) },
});

const fileFindings = createRoute({
  method: "get",
  path: "/hospitals/{fileId}/findings",
  summary: "One hospital file's findings, as CMS's validator reports them, with counts per rule",
  request: { params: HospitalFileParamSchema, query: HospitalFindingsQuerySchema },
  responses: {
    200: json(HospitalFindingsSchema, "The file, its findings per rule and the findings"),
    ...problems(400, 404, 500),
  },
});

const crosscheckRoute = createRoute({
  method: "get",
  path: "/crosscheck",
  summary: "Hospital files' negotiated charges against the payers' TiC rates",
  description:
    "Per payer × hospital (EIN = TIN, or type-2 NPI) × code × setting: agree (within the tolerance), differ (both values and both sources), or missing on one side. Only institutional TiC rates are compared; dollars, percentages and per-diem rates never mix.",
  request: { query: CrosscheckQuerySchema },
  responses: {
    200: json(CrosscheckResultSchema, "Rows with both sides' values and sources, and a summary"),
    ...problems(400, 500, 503),
  },
});

/** Registers the hospital routes on the `/api/v1` app. */
export function registerHospitalApi(api: OpenAPIHono, hospitals: HospitalServices): void {
  api.openapi(listFiles, async (c) => c.json({ files: await hospitals.files() }, 200));
  api.openapi(fileFindings, async (c) => {
    const query = c.req.valid("query");
    const fileId = fileIdOf(c.req.valid("param").fileId);
    const result = await hospitals.findings(fileId, {
      ...(query.limit === undefined ? {} : { limit: Number(query.limit) }),
      ...(query.severity === undefined ? {} : { severity: query.severity }),
    });
    return c.json(result, 200);
  });
  api.openapi(crosscheckRoute, async (c) => {
    const query = c.req.valid("query");
    const options = crosscheckOptionsFrom((name) => {
      const value = (query as Record<string, string | string[] | undefined>)[name];
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    });
    return c.json(await hospitals.crosscheck(options), 200);
  });
}

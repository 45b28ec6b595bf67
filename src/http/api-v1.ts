/**
 * The JSON API under `/api/v1`, declared with @hono/zod-openapi: each route's parameters, body and
 * responses are zod schemas, validated on every request and turned into the OpenAPI document at
 * `/api/v1/openapi.json`. To add a route: declare it with `createRoute` (path, strict query,
 * responses with `problems(...)`), register it with `api.openapi(route, handler)`, and keep the
 * handler to parsing and one `AppServices` call. Failures are thrown and become problem details in
 * `create-app.ts`'s error handler.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { parseBenchmarkFilters } from "../analyze/benchmark/parse-benchmark-filters.js";
import { UsageError } from "../errors.js";
import { formatContractCsv } from "../present/contracts/contract-text.js";
import { contractWorkbook } from "../present/contracts/contract-workbook.js";
import type { AppServices } from "./app-services.js";
import { registerChangesApi } from "./changes-api.js";
import { contractOptions, MAX_CONTRACT_BYTES } from "./contract-input.js";
import { registerHospitalApi } from "./hospital-routes.js";
import { problems } from "./api-problems.js";
import { BenchmarkResultSchema } from "./schemas/benchmark-schema.js";
import { CheckResponseSchema, MedicareAnswerSchema } from "./schemas/check-schema.js";
import { CodeEntrySchema, CodeSearchSchema } from "./schemas/code-schema.js";
import {
  ContractEvaluationSchema,
  ContractQuerySchema,
  EvaluateContractRequestSchema,
  XLSX_TYPE,
} from "./schemas/contract-schema.js";
import { mountFilterChoicesRoute } from "./filter-choices-route.js";
import { PublicationSchema } from "./schemas/publication-schema.js";
import {
  BenchmarkQuerySchema,
  CheckQuerySchema,
  ClaimJsonSchema,
  CodeParamSchema,
  CodeSearchQuerySchema,
  MedicareQuerySchema,
  NoQuerySchema,
} from "./schemas/request-schemas.js";
import { uploadLimits, type UploadLimits } from "./upload-body.js";

/** The stable prefix of the JSON API. */
export const API_PREFIX = "/api/v1";

/** Media types `POST /api/v1/check` accepts (a request without a type is sniffed). */
export const CLAIM_MEDIA_TYPES = [
  "application/json",
  "application/x-ndjson",
  "text/csv",
  "text/plain",
  "application/edi-x12",
] as const;

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** "query: Unrecognized key: "foo"; code: …": every zod issue, where it is and what is wrong. */
export function describeIssues(error: ZodError, target: string): string {
  return error.issues
    .map((issue) => `${[target, ...issue.path.map(String)].join(".")}: ${issue.message}`)
    .join("; ");
}

/** `value | value[] | undefined` of a validated query as the library's parameter reader. */
function reader(
  query: Readonly<Record<string, string | string[] | undefined>>,
): (name: string) => string[] {
  return (name) => {
    const value = query[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
}

const codeSearch = createRoute({
  method: "get",
  path: "/codes",
  summary: "Search codes by number or words",
  request: { query: CodeSearchQuerySchema },
  responses: {
    200: json(CodeSearchSchema, "Matching code entries, best first"),
    ...problems(400, 500),
  },
});

const codeEntry = createRoute({
  method: "get",
  path: "/codes/{code}",
  summary: "Code reference entry: description, add-on and primaries, payment, edits, modifiers",
  request: { params: CodeParamSchema, query: NoQuerySchema },
  responses: { 200: json(CodeEntrySchema, "The code entry"), ...problems(400, 404, 500) },
});

const benchmark = createRoute({
  method: "get",
  path: "/benchmarks/{code}",
  summary: "Rate benchmark per payer for a code, against Medicare",
  request: { params: CodeParamSchema, query: BenchmarkQuerySchema },
  responses: {
    200: json(
      BenchmarkResultSchema,
      "Payers, Medicare rows, pooled figures, cleaning, sources and their releases, gaps",
    ),
    ...problems(400, 404, 422, 500, 503),
  },
});

const medicare = createRoute({
  method: "get",
  path: "/medicare/{code}",
  summary:
    "Medicare Physician Fee Schedule amount with its inputs and the spread across localities",
  request: { params: CodeParamSchema, query: MedicareQuerySchema },
  responses: {
    200: json(MedicareAnswerSchema, "One row per setting"),
    ...problems(400, 404, 422, 500),
  },
});

const publication = createRoute({
  method: "get",
  path: "/publications/{code}",
  summary: "The publication for a code (written, or built now)",
  request: { params: CodeParamSchema, query: NoQuerySchema },
  responses: { 200: json(PublicationSchema, "The publication"), ...problems(400, 404, 500, 503) },
});

const evaluateContract = createRoute({
  method: "post",
  path: "/contracts/evaluate",
  summary: "Evaluate a fee schedule against its market and Medicare, with a what-if offer",
  description:
    "Each line: your rate; the same payer's and all payers' p25/median/p75/p90 (with n) in the market and setting; Medicare at the practice locality; % of Medicare; market percentile; with volumes, the annual gap to the median and p75; the offer's projected revenue. Totals per payer; lines ranked by dollar opportunity; bad rows listed with their row number while the good rows are evaluated. " +
    `The body is read in memory (never written to disk), up to ${MAX_CONTRACT_BYTES} bytes.`,
  middleware: uploadLimits({ maxBytes: MAX_CONTRACT_BYTES, types: ["application/json"] }),
  request: {
    query: ContractQuerySchema,
    body: {
      required: true,
      content: { "application/json": { schema: EvaluateContractRequestSchema } },
    },
  },
  responses: {
    200: {
      description:
        "The evaluation, or its CSV (one row per line) or workbook (a summary sheet and one sheet per payer)",
      content: {
        "application/json": { schema: ContractEvaluationSchema },
        "text/csv": { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...problems(400, 404, 413, 415, 500, 503),
  },
});

/** Builds the `/api/v1` routes over the services; mount with `app.route(API_PREFIX, apiV1(...))`. */
export function apiV1(services: AppServices, upload: Pick<UploadLimits, "maxBytes">): OpenAPIHono {
  const api = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw new UsageError(describeIssues(result.error, result.target));
    },
  });

  api.openapi(codeSearch, async (c) => {
    const { q } = c.req.valid("query");
    return c.json({ query: q, results: await services.searchCodes(q) }, 200);
  });
  api.openapi(codeEntry, async (c) =>
    c.json(await services.codeEntry(c.req.valid("param").code.toUpperCase()), 200),
  );
  api.openapi(benchmark, async (c) => {
    const code = c.req.valid("param").code.toUpperCase();
    const result = await services.benchmark(
      parseBenchmarkFilters(code, reader(c.req.valid("query"))),
    );
    // No rates and no code entry: an unknown code is a 404, not an empty benchmark.
    if (result.payers.length === 0 && result.medicare.length === 0) await services.codeEntry(code);
    return c.json(result, 200);
  });
  api.openapi(medicare, async (c) => {
    const query = c.req.valid("query");
    const modifiers = reader(query)("modifier").map((modifier) => modifier.toUpperCase());
    return c.json(
      await services.medicare({
        code: c.req.valid("param").code.toUpperCase(),
        ...(query.year === undefined ? {} : { year: Number(query.year) }),
        ...(query.locality === undefined ? {} : { locality: query.locality }),
        ...(query.setting === undefined ? {} : { setting: query.setting }),
        modifiers,
      }),
      200,
    );
  });
  mountFilterChoicesRoute(api, services);
  api.openapi(publication, async (c) =>
    c.json(await services.publication(c.req.valid("param").code.toUpperCase()), 200),
  );

  const check = createRoute({
    method: "post",
    path: "/check",
    summary:
      "Check claims (JSON, JSONL, CSV or X12 837P) against the NCCI edits, MUEs and policies",
    description: `The body is read in memory (never written to disk), up to ${upload.maxBytes} bytes.`,
    middleware: uploadLimits({ maxBytes: upload.maxBytes, types: CLAIM_MEDIA_TYPES }),
    request: {
      query: CheckQuerySchema,
      body: {
        content: Object.fromEntries(
          CLAIM_MEDIA_TYPES.map((type) => [
            type,
            { schema: type === "application/json" ? ClaimJsonSchema : z.string() },
          ]),
        ),
      },
    },
    responses: {
      200: json(
        CheckResponseSchema,
        "Each claim's findings, with their sources, and its expected Medicare amount",
      ),
      ...problems(400, 413, 415, 500, 503),
    },
  });
  api.openapi(check, async (c) => {
    const text = await c.req.text();
    if (text.trim() === "") {
      throw new UsageError(
        "POST a claim (JSON object or array, JSONL, CSV or X12 837P) as the request body",
      );
    }
    const { year, locality } = c.req.valid("query");
    const pricing = {
      ...(year === undefined ? {} : { year: Number(year) }),
      ...(locality === undefined ? {} : { locality }),
    };
    return c.json(await services.check(text, "request body", pricing), 200);
  });

  api.openapi(evaluateContract, async (c) => {
    const body = c.req.valid("json");
    const content = body.schedule ?? Buffer.from(body.xlsxBase64 ?? "", "base64");
    const name =
      body.name ?? (body.schedule === undefined ? "fee-schedule.xlsx" : "fee-schedule.csv");
    const evaluation = await services.contracts.evaluate({ name, content }, contractOptions(body));
    const format = body.format ?? c.req.valid("query").format ?? "json";
    if (format === "csv") {
      return c.body(formatContractCsv(evaluation), 200, {
        "content-type": "text/csv; charset=utf-8",
      });
    }
    if (format === "xlsx") {
      const headers = {
        "content-type": XLSX_TYPE,
        "content-disposition": 'attachment; filename="contract-evaluation.xlsx"',
      };
      return c.body(new Uint8Array(await contractWorkbook(evaluation)), 200, headers);
    }
    return c.json(evaluation, 200);
  });

  registerHospitalApi(api, services.hospitals);
  registerChangesApi(api, services.changes);

  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description:
      "Needed when the server listens beyond this machine (`ratelens serve --host … --token …`)",
  });
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "ratelens API",
      version: "1.0.0",
      description:
        "Reimbursement benchmarks from Transparency in Coverage files (national or in a market), Medicare Physician Fee Schedule amounts, code reference, claim checks and contract evaluation. Figures from synthetic demo files are flagged `synthetic: true`. Errors are RFC 9457 problem details.",
      license: { name: "Apache-2.0" },
    },
    servers: [{ url: API_PREFIX }],
    security: [{ bearer: [] }, {}],
  });
  return api;
}

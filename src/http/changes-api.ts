/**
 * `GET /api/v1/changes` and `GET /api/v1/alerts`, declared like the other v1 routes and registered
 * by one call in `api-v1.ts`. The handlers parse and call `ChangesServices` (what the CLI runs).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { UsageError } from "../errors.js";
import { parseBillingCode } from "../sources/billing-code.js";
import type { ChangesServices } from "./changes-services.js";
import { STATUS_TITLES, type ErrorStatus } from "./error-status.js";
import { AlertReportSchema, ReleaseComparisonSchema } from "./schemas/changes-schema.js";
import { ProblemSchema } from "./schemas/request-schemas.js";

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a release month is YYYY-MM")
  .optional();
const day = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "a date is YYYY-MM-DD")
  .optional();

export const ChangesQuerySchema = z.strictObject({
  payer: z.string().trim().min(1, "give a payer, e.g. ?payer=Aetna").max(200).openapi({
    description: "Payer name or alias, as /payers lists them",
    example: "Acme Synthetic Health (SYNTHETIC)",
  }),
  from: month.openapi({ description: "Older release month (default: the one before `to`)" }),
  to: month.openapi({ description: "Newer release month (default: the latest)" }),
  codes: z.string().max(2000).optional().openapi({ description: "Comma-separated codes" }),
  market: z.string().max(2000).optional().openapi({
    description: "One market: state:MD, cbsa:12580, locality:…, county:…, zip:21201,21202",
  }),
  limit: z
    .string()
    .regex(/^\d{1,6}$/, "limit is a whole number")
    .optional()
    .openapi({ description: "Most change rows to list (default 500; the summary counts all)" }),
});

export const AlertsQuerySchema = z.strictObject({
  today: day.openapi({ description: "Run as of this date (default: today, UTC)" }),
  since: day.openapi({
    description:
      "Policy versions in effect after this date are new (default: 30 days before today)",
  }),
});

function problems(...statuses: ErrorStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: STATUS_TITLES[status],
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}

/** YYYY-MM-DD, `days` before `date`. */
export function daysBefore(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() - days);
  return value.toISOString().slice(0, 10);
}

/** `?codes=64490,64491` as codes; a UsageError names the bad one. */
export function parseCodes(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  return raw.split(",").map((text) => {
    const code = parseBillingCode(text.trim());
    if (code === null) throw new UsageError(`codes: "${text}" is not a CPT/HCPCS code`);
    return code;
  });
}

const changes = createRoute({
  method: "get",
  path: "/changes",
  summary: "What changed between two monthly releases of a payer (as ratelens changes)",
  request: { query: ChangesQuerySchema },
  responses: {
    200: {
      description: "Files used, per-code summary, changes (rate-type changes apart)",
      content: { "application/json": { schema: ReleaseComparisonSchema } },
    },
    ...problems(400, 404, 422, 500),
  },
});

const alerts = createRoute({
  method: "get",
  path: "/alerts",
  summary: "The server's watch file run now (as ratelens alerts)",
  request: { query: AlertsQuerySchema },
  responses: {
    200: {
      description: "Alerts with their sources and dollar effects",
      content: { "application/json": { schema: AlertReportSchema } },
    },
    ...problems(400, 422, 500),
  },
});

/** Registers the two routes on the v1 API. */
export function registerChangesApi(api: OpenAPIHono, services: ChangesServices): void {
  api.openapi(changes, async (c) => {
    const query = c.req.valid("query");
    const codes = parseCodes(query.codes);
    const result = await services.compare({
      payer: query.payer,
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.to === undefined ? {} : { to: query.to }),
      ...(codes === undefined ? {} : { codes }),
      ...(query.market === undefined ? {} : { market: query.market }),
      limit: query.limit === undefined ? 500 : Number(query.limit),
    });
    // The library's types are readonly; the schema's are the same shapes, mutable.
    return c.json(result as z.infer<typeof ReleaseComparisonSchema>, 200);
  });
  api.openapi(alerts, async (c) => {
    const query = c.req.valid("query");
    const today = query.today ?? new Date().toISOString().slice(0, 10);
    const since = query.since ?? daysBefore(today, 30);
    const report = await services.alerts({ today, since });
    return c.json(report as z.infer<typeof AlertReportSchema>, 200);
  });
}

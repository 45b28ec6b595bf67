/**
 * Request parameters and the problem-details body as zod schemas: what `/api/v1` validates before
 * a handler runs. Query objects are strict, so an unknown parameter is a 400, not silently ignored.
 */
import { z } from "@hono/zod-openapi";

export const CodeParamSchema = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z0-9]{5}$/, "a CPT/HCPCS code is five letters or digits, e.g. 64491")
    .openapi({
      param: { name: "code", in: "path" },
      example: "64491",
      description: "CPT/HCPCS code",
    }),
});

/** A parameter that may be repeated (`?state=VA&state=MD`) or comma-separated (`?state=VA,MD`). */
const repeatable = (description: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description });

const modifierCode = z
  .string()
  .regex(/^[A-Za-z0-9]{2}$/, "a modifier is two letters or digits, e.g. 50");

export const CodeSearchQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, "give a search, e.g. ?q=facet lumbar or ?q=6449")
    .openapi({ description: "Search text: words or a code prefix", example: "lumbar facet" }),
});

export const BenchmarkQuerySchema = z.strictObject({
  payer: repeatable("Payer name or alias; repeat or comma-separate"),
  state: repeatable("Two-letter state of the provider; repeat or comma-separate"),
  setting: z
    .enum(["facility", "nonfacility"])
    .optional()
    .openapi({ description: "Site of service" }),
  billingClass: z.enum(["professional", "institutional"]).optional(),
  modifier: modifierCode.optional(),
  taxonomy: repeatable("NUCC taxonomy code of the provider; repeat or comma-separate"),
  market: z.string().max(2000).optional().openapi({
    description:
      "One market: national, state:MD, locality:12302-01, cbsa:12580, county:24005 or zip:21201,21202 (providers placed by their NPPES practice ZIP; those without a known ZIP are counted apart)",
    example: "cbsa:12580",
  }),
  source: z.enum(["payer", "hospital", "both"]).optional().openapi({
    description:
      "Whose rates: payer (the payers' TiC files, default), hospital (hospitals' price-transparency files) or both, side by side in bySource, never pooled",
  }),
  synthetic: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "Include synthetic demo files (default true; always labelled)" }),
  asOf: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "asOf is a release month YYYY-MM, e.g. 2026-05")
    .optional()
    .openapi({
      description:
        "Release month YYYY-MM: per payer and plan, the latest file released on or before it (default: each one's latest release). Before every loaded release: 422",
      example: "2026-05",
    }),
});

export const MedicareQuerySchema = z.strictObject({
  year: z
    .string()
    .regex(/^20\d\d$/, "year is a four-digit year, e.g. 2025")
    .optional()
    .openapi({ description: "Fee-schedule year", example: "2025" }),
  locality: z
    .string()
    .min(1)
    .max(20)
    .optional()
    .openapi({ description: "MAC locality, e.g. 12102-01; omitted: national" }),
  setting: z
    .enum(["facility", "nonfacility"])
    .optional()
    .openapi({ description: "Site of service; omitted: both" }),
  modifier: z
    .union([modifierCode, z.array(modifierCode)])
    .optional()
    .openapi({
      description:
        "26 or TC price the component; 50 applies the bilateral rule. Repeat for several",
    }),
});

export const NoQuerySchema = z.strictObject({});

/** `POST /api/v1/check?year=&locality=`: how to price the checked claims (as `ratelens check --year --locality`). */
export const CheckQuerySchema = z.strictObject({
  year: z
    .string()
    .regex(/^20\d\d$/, "year is a four-digit year, e.g. 2025")
    .optional()
    .openapi({ description: "Fee-schedule year; omitted: each claim's date of service" }),
  locality: z
    .string()
    .min(1)
    .max(20)
    .optional()
    .openapi({ description: "MAC locality, e.g. 01182-18; omitted: national (GPCIs 1.000)" }),
});

/** A claim upload in JSON: one claim object or an array of them (JSONL, CSV and X12 are text). */
export const ClaimJsonSchema = z
  .union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))], {
    error: "a JSON claim body is one claim object or an array of claim objects",
  })
  .openapi({ description: "One claim object or an array of claims" });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "about:blank" }),
    title: z.string().min(1).openapi({ example: "Not Found" }),
    status: z.number().int(),
    detail: z.string().min(1).openapi({ example: "ABCDE is not a code ratelens knows" }),
    instance: z.string().optional(),
    errorType: z
      .string()
      .openapi({ description: "The failure's class: UsageError, InputError, NotFoundError, …" }),
  })
  .openapi("Problem", { description: "RFC 9457 problem details" });

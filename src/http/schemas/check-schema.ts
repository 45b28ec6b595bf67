/** The claim-check answer and the Medicare answer as zod schemas. */
import { z } from "@hono/zod-openapi";

export const FindingSchema = z
  .object({
    ruleId: z.string(),
    severity: z.enum(["error", "warning", "info"]),
    message: z.string(),
    path: z.string().describe('Where on the claim, e.g. "lines[2].modifiers"'),
    line: z.number().int().optional(),
    fix: z.string().optional(),
    source: z.object({
      key: z.string(),
      title: z.string(),
      url: z.string().optional(),
      effective: z.string().optional(),
    }),
  })
  .openapi("Finding");

export const CheckResponseSchema = z
  .object({
    claims: z.number().int(),
    findings: z.array(FindingSchema),
    results: z.array(z.object({ claimId: z.string(), findings: z.array(FindingSchema) })),
  })
  .openapi("CheckResponse");

const setting = z.enum(["facility", "nonfacility"]);
const stats = z.object({
  count: z.number().int(),
  min: z.number(),
  p25: z.number(),
  median: z.number(),
  p75: z.number(),
  max: z.number(),
  mean: z.number(),
});

export const MedicareAmountSchema = z
  .object({
    code: z.string(),
    componentModifier: z.string(),
    year: z.number().int(),
    setting,
    locality: z.string().nullable(),
    localityName: z.string().nullable(),
    state: z.string().nullable(),
    rvus: z.object({ work: z.number(), pe: z.number(), mp: z.number(), total: z.number() }),
    gpci: z.object({ work: z.number(), pe: z.number(), mp: z.number() }).nullable(),
    conversionFactor: z.number(),
    conversionFactorKind: z.enum(["single", "non-qp", "qp"]),
    baseAmount: z.number(),
    amount: z.number().describe("After the modifier-50 (bilateral) rule"),
    percentOfBase: z.number(),
    indicators: z.object({
      status: z.string(),
      pcTc: z.string(),
      globalDays: z.string(),
      multipleProcedure: z.string(),
      bilateral: z.string(),
      assistant: z.string(),
      coSurgeon: z.string(),
      team: z.string(),
      pricing: z.string().optional(),
    }),
    notes: z.array(z.string()),
    source: z.string(),
  })
  .openapi("MedicareAmount");

export const MedicareAnswerSchema = z
  .object({
    code: z.string(),
    year: z.number().int(),
    modifiers: z.array(z.string()),
    rows: z.array(
      z.object({
        amount: MedicareAmountSchema,
        status: z.enum(["priced", "not-priced"]).optional(),
        message: z.string().optional(),
        notes: z.array(z.string()).optional(),
        localities: z.object({ national: z.number(), stats, source: z.string() }).nullable(),
        note: z.string().optional(),
      }),
    ),
  })
  .openapi("MedicareAnswer");

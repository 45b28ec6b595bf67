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

export const MedicareExpectationSchema = z
  .discriminatedUnion("status", [
    z.object({
      status: z.literal("priced"),
      year: z.number().int().describe("Medicare Physician Fee Schedule year"),
      setting: z.enum(["facility", "nonfacility"]).describe("From the place of service"),
      locality: z.string().nullable().describe("MAC locality; null when priced nationally"),
      localityName: z.string().nullable(),
      basis: z.string().describe('e.g. "Medicare PFS 2025, non-facility, national (GPCIs 1.000)"'),
      total: z.number().describe("Expected allowed amount in dollars, denied lines left out"),
      contractorPriced: z
        .boolean()
        .describe("A line is priced by the Medicare contractor (status C): the total excludes it"),
      lines: z.array(
        z.object({
          line: z.number().int(),
          code: z.string(),
          modifiers: z.array(z.string()),
          allowed: z.number().nullable().describe("null when the contractor prices the line"),
          explanation: z.array(z.string()),
        }),
      ),
      notes: z.array(z.string()),
      source: z.string().describe("RVU and GPCI files with their editions"),
    }),
    z.object({ status: z.literal("not-priced"), reason: z.string() }),
  ])
  .openapi("MedicareExpectation");

export const CheckResponseSchema = z
  .object({
    claims: z.number().int(),
    findings: z.array(FindingSchema),
    results: z.array(
      z.object({
        claimId: z.string(),
        findings: z.array(FindingSchema),
        expectedMedicare: MedicareExpectationSchema.describe(
          "The expected Medicare allowed amount, as `ratelens check` prints it, or why not priced",
        ),
      }),
    ),
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

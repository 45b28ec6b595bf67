/** The answers of `/api/v1/changes` and `/api/v1/alerts` (`ReleaseComparison`, `AlertReport`). */
import { z } from "@hono/zod-openapi";

const num = z.number().nullable();

const ComparedFileSchema = z.object({
  fileId: z.number().int(),
  location: z.string(),
  sha256: z.string(),
  plan: z.string(),
  month: z.string().nullable(),
  monthSource: z.string(),
  synthetic: z.boolean(),
});

export const ReleaseComparisonSchema = z
  .object({
    payer: z.string(),
    from: z.string(),
    to: z.string(),
    codes: z.array(z.string()).nullable(),
    market: z.object({ spec: z.string(), label: z.string() }).nullable(),
    files: z.object({ from: z.array(ComparedFileSchema), to: z.array(ComparedFileSchema) }),
    undatedFiles: z.array(ComparedFileSchema),
    synthetic: z.boolean(),
    summary: z.array(
      z.object({
        billingCode: z.string(),
        oldRates: z.number().int(),
        newRates: z.number().int(),
        added: z.number().int(),
        dropped: z.number().int(),
        changed: z.number().int(),
        rateTypeChanged: z.number().int(),
        unchanged: z.number().int(),
        shareChanged: num,
        medianChangePercent: num,
        p25ChangePercent: num,
        p75ChangePercent: num,
        medianChangeAmount: num,
        oldMedianRate: num,
        newMedianRate: num,
        increases: z.number().int(),
        decreases: z.number().int(),
      }),
    ),
    changes: z.array(
      z.object({
        kind: z.enum(["added", "dropped", "changed", "rate-type"]),
        billingCode: z.string(),
        tinType: z.string().nullable(),
        tin: z.string().nullable(),
        npi: z.number().int().nullable(),
        billingClass: z.string().nullable(),
        setting: z.string().nullable(),
        placesOfService: z.string(),
        modifiers: z.string(),
        oldType: z.string().nullable(),
        newType: z.string().nullable(),
        oldUnit: z.string().nullable(),
        newUnit: z.string().nullable(),
        oldAmount: num,
        newAmount: num,
        changeAmount: num,
        changePercent: num,
        oldFileIds: z.array(z.number().int()),
        newFileIds: z.array(z.number().int()),
      }),
    ),
    changesLeftOut: z.number().int(),
    unresolvedRates: z.object({ from: z.number().int(), to: z.number().int() }),
  })
  .openapi("ReleaseComparison");

const AlertSourceSchema = z.union([
  z.object({
    kind: z.literal("files"),
    files: z.array(
      z.object({
        location: z.string(),
        sha256: z.string(),
        month: z.string().nullable(),
        synthetic: z.boolean(),
      }),
    ),
  }),
  z.object({
    kind: z.literal("policy"),
    payer: z.string(),
    effective: z.string(),
    title: z.string(),
    url: z.string().nullable(),
    evidence: z.string(),
  }),
]);

export const AlertReportSchema = z
  .object({
    generatedOn: z.string(),
    since: z.string(),
    watchFile: z.string(),
    alerts: z.array(
      z.object({
        kind: z.string(),
        severity: z.enum(["warning", "info"]),
        payer: z.string(),
        codes: z.array(z.string()),
        message: z.string(),
        dollarEffect: num,
        volume: num,
        source: AlertSourceSchema,
        synthetic: z.boolean(),
        details: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
  })
  .openapi("AlertReport");

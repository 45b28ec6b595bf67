/**
 * The benchmark result (`analyze/benchmark/benchmark-types.ts`) as a zod schema for the OpenAPI
 * document. The route handlers' typed `c.json(result, 200)` checks at compile time that the
 * library's type fits it; `response-schemas.test.ts` checks real answers against it at run time.
 */
import { z } from "@hono/zod-openapi";

const settingClass = z.enum(["facility", "nonfacility", "unknown"]);

export const DistributionStatsSchema = z
  .object({
    count: z.number().int(),
    mean: z.number(),
    median: z.number(),
    p10: z.number(),
    p25: z.number(),
    p75: z.number(),
    p90: z.number(),
    min: z.number(),
    max: z.number(),
    iqr: z.number(),
    cv: z.number().describe("Coefficient of variation: population SD / mean"),
  })
  .openapi("DistributionStats");

export const PercentOfMedicareSchema = z
  .object({
    mean: z.number(),
    median: z.number(),
    p10: z.number(),
    p25: z.number(),
    p75: z.number(),
    p90: z.number(),
  })
  .describe("A statistic as a percentage of the matching Medicare amount (100 = Medicare)")
  .openapi("PercentOfMedicare");

export const BenchmarkFiltersSchema = z
  .object({
    codes: z.array(z.string()),
    payers: z.array(z.string()).optional(),
    states: z.array(z.string()).optional(),
    billingClass: z.enum(["professional", "institutional"]).optional(),
    facilityClass: z.enum(["facility", "nonfacility"]).optional(),
    modifier: z.string().optional(),
    taxonomies: z.array(z.string()).optional(),
    includeSynthetic: z.boolean().optional(),
    market: z
      .string()
      .optional()
      .describe("The market, canonical (e.g. cbsa:12580); absent: national"),
    source: z.enum(["payer", "hospital", "both"]).optional(),
    asOf: z
      .string()
      .optional()
      .describe("Release month YYYY-MM the benchmark is as of; absent: the latest releases"),
  })
  .openapi("BenchmarkFilters");

/** One distribution from one source (`analyze/source-benchmark/benchmark-by-source.ts`). */
export const SourceBenchmarkRowSchema = z
  .object({
    source: z.enum(["payer-tic", "hospital-mrf"]),
    payer: z.string(),
    hospital: z
      .object({ fileId: z.number().int(), name: z.string().nullable(), ein: z.string().nullable() })
      .nullable(),
    code: z.string(),
    setting: z.string(),
    unit: z.enum(["dollars", "percent", "per_diem"]),
    count: z.number().int(),
    min: z.number(),
    p25: z.number(),
    median: z.number(),
    p75: z.number(),
    max: z.number(),
    files: z.array(z.object({ location: z.string(), sha256: z.string() })),
    synthetic: z.boolean(),
  })
  .openapi("SourceBenchmarkRow");

const ratePosition = z.object({
  fileId: z.number().int(),
  itemIndex: z.number().int(),
  rateIndex: z.number().int(),
  priceIndex: z.number().int(),
  rate: z.number(),
});

export const PayerBenchmarkSchema = z
  .object({
    payer: z.string(),
    payerFamily: z.string(),
    reportingEntities: z.array(z.string()),
    isBuca: z.boolean(),
    synthetic: z
      .boolean()
      .describe("True when the row comes from generated demo files, not a payer"),
    billingCode: z.string(),
    billingClass: z.string().nullable(),
    facilityClass: settingClass,
    providerTins: z.number().int(),
    providerNpis: z.number().int(),
    stats: DistributionStatsSchema,
    percentOfMedicare: PercentOfMedicareSchema.nullable(),
    medicareBasis: z.enum(["locality", "national", "mixed", "none"]),
    negotiatedTypes: z.record(z.string(), z.number()),
    modifiers: z.string().optional(),
    providerGroupRefs: z.number().int().optional(),
    medicareNational: z.number().nullable().optional(),
    fences: z.object({ lower: z.number(), upper: z.number() }).nullable().optional(),
    extremes: z.object({ min: ratePosition, max: ratePosition }).optional(),
  })
  .openapi("PayerBenchmark");

const GroupBenchmarkSchema = z
  .object({
    group: z.enum(["All commercial", "BUCA"]),
    billingCode: z.string(),
    billingClass: z.string().nullable(),
    facilityClass: settingClass,
    modifiers: z.string(),
    synthetic: z.boolean(),
    providerTins: z.number().int(),
    providerNpis: z.number().int(),
    providerGroupRefs: z.number().int(),
    stats: DistributionStatsSchema,
    percentOfMedicare: PercentOfMedicareSchema.nullable(),
    medicareNational: z.number().nullable(),
    meanMinusMedicare: z.number().nullable(),
  })
  .openapi("GroupBenchmark");

const MedicareRowSchema = z.object({
  billingCode: z.string(),
  year: z.number().int(),
  facilityClass: z.enum(["facility", "nonfacility"]),
  national: z.number(),
  localities: DistributionStatsSchema.nullable(),
  source: z.string(),
});

const medianCount = z.object({ count: z.number().int(), median: z.number().nullable() });

export const BenchmarkResultSchema = z
  .object({
    billingCode: z.string(),
    filters: BenchmarkFiltersSchema,
    generatedAt: z.string(),
    payers: z.array(PayerBenchmarkSchema),
    medicare: z.array(MedicareRowSchema),
    commercial: z
      .object({
        stats: DistributionStatsSchema,
        percentOfMedicare: PercentOfMedicareSchema.nullable(),
      })
      .nullable(),
    cleaning: z.array(
      z.object({
        ruleId: z.string(),
        description: z.string(),
        removed: z.number().int(),
        remaining: z.number().int(),
        parameters: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
      }),
    ),
    nonDollar: z.object({ percentage: medianCount, perDiem: medianCount }),
    sources: z.array(
      z.object({
        fileId: z.number().int(),
        location: z.string(),
        sha256: z.string(),
        reportingEntityName: z.string().nullable(),
        lastUpdatedOn: z.string().nullable(),
        ingestedAt: z.string(),
        synthetic: z.boolean(),
        rates: z.number().int(),
        plan: z
          .string()
          .optional()
          .describe("Plan or network: the file's plan fields, else its name"),
        release: z.string().nullable().optional().describe("Release month YYYY-MM (null: undated)"),
        releaseFrom: z
          .enum(["last_updated_on", "index", "file-name", "unknown"])
          .optional()
          .describe("Where the release month came from"),
      }),
    ),
    releases: z
      .object({
        asOf: z.string().nullable().describe("The as-of month asked for; null: latest releases"),
        months: z.array(z.string()).describe("Release months of the files read"),
        superseded: z.number().int(),
        undated: z.number().int(),
      })
      .optional()
      .describe("Which releases the figures come from"),
    gaps: z.array(z.string()).describe("Plain statements of what is missing"),
    containsSynthetic: z.boolean(),
    groups: z.array(GroupBenchmarkSchema).optional(),
    medicareYear: z.number().int().nullable().optional(),
    market: z
      .object({
        spec: z.string(),
        label: z.string(),
        zips: z.number().int(),
        localities: z.array(z.string()).readonly(),
      })
      .optional()
      .describe(
        "The market the providers were placed in by their NPPES practice ZIP (absent: national)",
      ),
    settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
    bySource: z
      .array(SourceBenchmarkRowSchema)
      .optional()
      .describe(
        "With source=hospital or both: rows per source, payer (and hospital), setting, unit",
      ),
  })
  .openapi("BenchmarkResult");

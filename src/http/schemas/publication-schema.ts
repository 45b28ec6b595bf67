/** The publication (`present/report/publication-types.ts`) as a zod schema. */
import { z } from "@hono/zod-openapi";
import { BenchmarkResultSchema } from "./benchmark-schema.js";

const codeRef = z.object({ code: z.string(), label: z.string() });
const referenceSource = z.object({
  file: z.string(),
  edition: z.string(),
  sha256: z.string().optional(),
});

const CodeSectionSchema = z.object({
  code: z.string(),
  title: z.string(),
  overview: z.object({
    description: z.string(),
    region: z.string().nullable(),
    level: z.string().nullable(),
    kind: z.enum(["primary", "add-on", "imaging-guidance", "not stated"]),
    primaries: z.array(codeRef),
    globalPeriod: z.string().nullable(),
    bundled: z.array(z.string()),
    placesOfService: z.array(
      z.object({ code: z.string(), name: z.string(), facility: z.boolean() }),
    ),
    indicators: z.array(z.object({ label: z.string(), value: z.string() })),
  }),
  specifications: z.object({
    clinicalContext: z.string().nullable(),
    modifiers: z.array(z.object({ modifier: z.string(), whenToUse: z.string() })),
    taxonomies: z.array(z.object({ code: z.string(), title: z.string() })),
    diagnoses: z.array(
      z.object({ code: z.string(), title: z.string(), role: z.string().nullable() }),
    ),
    relatedCodes: z.array(codeRef),
    workflow: z.array(z.string()),
    documentation: z.array(z.string()),
    notes: z.array(z.string()),
  }),
  sources: z.array(referenceSource),
});

const hospitalFile = z.object({
  fileId: z.number().int(),
  hospitalName: z.string().nullable(),
  location: z.string(),
  sha256: z.string(),
  lastUpdatedOn: z.string().nullable(),
  version: z.string().nullable(),
  synthetic: z.boolean(),
});

/** `analyze/source-benchmark/hospital-rates-for-code.ts`: one source per field, never pooled. */
const HospitalRatesSchema = z
  .object({
    code: z.string(),
    hospitalFilesLoaded: z.number().int(),
    files: z.array(hospitalFile),
    rows: z.array(
      z.object({
        hospital: hospitalFile,
        payer: z.string(),
        payerNames: z.array(z.string()),
        plans: z.array(z.string()),
        setting: z.string(),
        billingClass: z.string().nullable(),
        unit: z.enum(["dollars", "per_diem", "percent", "algorithm"]),
        count: z.number().int(),
        min: z.number().nullable(),
        median: z.number().nullable(),
        max: z.number().nullable(),
        algorithms: z.array(z.string()),
        methodologies: z.array(z.string()),
        positions: z.array(z.string()),
        payerTic: z.array(
          z.object({
            setting: z.string(),
            count: z.number().int(),
            min: z.number(),
            median: z.number(),
            max: z.number(),
            files: z.array(z.object({ location: z.string(), sha256: z.string() })),
            synthetic: z.boolean(),
          }),
        ),
        crosscheck: z
          .object({
            status: z.enum(["agree", "differ", "payer-missing", "hospital-missing"]),
            difference: z.number().nullable(),
            payerValues: z.array(z.number()),
          })
          .nullable(),
        synthetic: z.boolean(),
      }),
    ),
    syntheticFilesLeftOut: z.number().int(),
    synthetic: z.boolean(),
  })
  .openapi("PublicationHospitalRates", {
    description:
      "The hospitals' own payer-specific negotiated charges for the code (price-transparency files) per hospital × payer × setting × billing class × unit, beside the same payer's institutional TiC rates and the cross-check verdict, each with its files; hospitalFilesLoaded 0: none loaded",
  });

export const PublicationSchema = z
  .object({
    schema: z.literal("ratelens.publication/1"),
    code: z.string(),
    title: z.string(),
    generatedAt: z.string(),
    synthetic: z.boolean(),
    summary: z.array(z.string()),
    codeSection: CodeSectionSchema.nullable(),
    benchmark: BenchmarkResultSchema.nullable(),
    benchmarkSentences: z.array(z.string()),
    referenceSources: z.array(referenceSource),
    missing: z.array(z.string()),
    dataView: z
      .object({
        shown: z.enum(["real-only", "including-synthetic"]),
        alternate: z.enum(["real-only", "including-synthetic"]).nullable(),
        note: z.string(),
      })
      .optional()
      .openapi({
        description:
          "Real payer data only (the default when a real file has rates for the code) or including the synthetic demo data; alternate: the other view, if any",
      }),
    hospitalRates: HospitalRatesSchema.optional(),
  })
  .openapi("Publication");

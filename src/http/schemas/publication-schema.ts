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
  })
  .openapi("Publication");

/** The code reference entry and search hits (`analyze/codes/code-entry.ts`) as zod schemas. */
import { z } from "@hono/zod-openapi";

const indicator = z.object({ value: z.string(), meaning: z.string() });

const PaymentSchema = z.object({
  year: z.number().int(),
  modifier: z.string(),
  status: indicator,
  rvus: z.object({
    work: z.number(),
    nonFacilityPe: z.number().nullable(),
    facilityPe: z.number().nullable(),
    mp: z.number(),
  }),
  conversionFactor: z.number(),
  nationalNonFacility: z.number().nullable(),
  nationalFacility: z.number().nullable(),
  nationalNonFacilityQp: z.number().nullable(),
  nationalFacilityQp: z.number().nullable(),
  globalPeriod: indicator,
  pcTc: indicator,
  multipleProcedure: indicator,
  bilateral: indicator,
  assistant: indicator,
  coSurgeon: indicator,
  team: indicator,
  source: z.string(),
});

export const CodeEntrySchema = z
  .object({
    code: z.string(),
    curated: z.boolean(),
    description: z
      .string()
      .nullable()
      .describe("Our own plain-language description, never an AMA descriptor"),
    family: z.object({ id: z.string(), name: z.string() }).nullable(),
    region: z.string().nullable(),
    level: z.string().nullable(),
    kind: z.enum(["primary", "add-on", "imaging-guidance"]).nullable(),
    allowedPrimaries: z.array(z.object({ code: z.string(), description: z.string().nullable() })),
    includes: z.array(z.string()),
    payment: z.array(PaymentSchema),
    mue: z
      .object({
        maxUnits: z.number(),
        mai: z.number(),
        maiMeaning: z.string(),
        rationale: z.string(),
        source: z.string(),
      })
      .nullable(),
    bundlingEdits: z.array(
      z.object({
        code: z.string(),
        role: z.enum(["bundled-into-this", "this-bundled-into"]),
        modifierIndicator: z.string(),
        meaning: z.string(),
        rationale: z.string(),
      }),
    ),
    ptpEditCount: z.number().int(),
    ptpSource: z.string(),
    placesOfService: z.array(
      z.object({
        pos: z.string(),
        name: z.string().nullable(),
        setting: z.enum(["facility", "nonfacility"]),
        note: z.string().nullable(),
      }),
    ),
    specialties: z.array(
      z.object({ taxonomy: z.string(), title: z.string().nullable(), note: z.string().nullable() }),
    ),
    diagnoses: z.array(
      z.object({
        code: z.string(),
        title: z.string().nullable(),
        role: z.enum(["supports", "not-listed", "argues-against"]),
        note: z.string().nullable(),
      }),
    ),
    relatedCodes: z.array(
      z.object({ code: z.string(), relation: z.string(), description: z.string().nullable() }),
    ),
    workflow: z.array(z.string()),
    documentation: z.array(z.string()),
    modifiers: z.array(
      z.object({ modifier: z.string(), when: z.string(), paymentEffect: z.string() }),
    ),
    notes: z.array(z.string()),
    sources: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        url: z.string().optional(),
        edition: z.string().optional(),
      }),
    ),
  })
  .openapi("CodeEntry");

export const CodeSearchSchema = z
  .object({
    query: z.string(),
    results: z.array(
      z.object({
        code: z.string(),
        description: z.string().nullable(),
        curated: z.boolean(),
        score: z.number(),
        matched: z.array(z.string()),
      }),
    ),
  })
  .openapi("CodeSearch");

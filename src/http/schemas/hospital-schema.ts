/**
 * The hospital routes of `/api/v1` as zod schemas: the loaded hospital files, one file's findings
 * and the cross-check (`analyze/hospitals/hospital-files.ts`, `analyze/crosscheck/crosscheck-types.ts`).
 * The handlers' typed `c.json(..., 200)` check at compile time that the library's types fit;
 * `hospital-routes.test.ts` checks real answers against them at run time.
 */
import { z } from "@hono/zod-openapi";

const nullableText = z.string().nullable();

export const HospitalFileSchema = z
  .object({
    fileId: z.number().int(),
    hospitalName: nullableText,
    location: z.string().describe("Where the file was read from (path, URL, zip#entry or -)"),
    sha256: z.string().describe("SHA-256 of the bytes as stored"),
    sizeBytes: z.number(),
    layout: z.enum(["csv-tall", "csv-wide", "json", "legacy-wide"]),
    declaredVersion: nullableText.describe("The file's own version, as written"),
    rulesVersion: nullableText.describe("The CMS template version whose rules were applied"),
    lastUpdatedOn: nullableText.describe("As written in the file"),
    ein: nullableText,
    type2Npis: z.array(z.string()),
    licenseNumber: nullableText,
    licenseState: nullableText,
    locations: z.array(z.string()),
    records: z.number().int().describe("Items × settings read"),
    loadedRecords: z.number().int().describe("Items loaded (those without an error finding)"),
    charges: z.number().int().describe("Charge rows stored (one per item × payer-plan)"),
    errors: z.number().int(),
    warnings: z.number().int(),
    payers: z.array(z.string()).describe("Payers named by the charges, mapped as in TiC files"),
    synthetic: z.boolean(),
    ingestedAt: z.string(),
  })
  .openapi("HospitalFile");

export const HospitalFilesSchema = z
  .object({ files: z.array(HospitalFileSchema) })
  .openapi("HospitalFiles");

export const HospitalFindingsSchema = z
  .object({
    file: HospitalFileSchema,
    byRule: z.array(z.object({ rule: z.string(), severity: z.string(), stored: z.number().int() })),
    findings: z.array(
      z.object({
        rule: z.string(),
        severity: z.string(),
        row: z.number().int().nullable(),
        column: nullableText,
        message: z.string(),
      }),
    ),
    stored: z.number().int().describe("Findings stored for the file (the first 1,000)"),
    truncated: z.boolean(),
  })
  .openapi("HospitalFindings");

const unit = z.enum(["dollars", "percent", "per_diem"]);
const status = z.enum(["agree", "differ", "payer-missing", "hospital-missing"]);

export const CrosscheckResultSchema = z
  .object({
    tolerance: z.number(),
    rows: z.array(
      z.object({
        status,
        payer: z.string(),
        hospital: z.object({
          fileId: z.number().int(),
          name: nullableText,
          ein: nullableText,
          npis: z.array(z.string()),
        }),
        code: z.string(),
        setting: z.string(),
        unit,
        hospitalValues: z.array(
          z.object({
            value: z.number(),
            plan: nullableText,
            payerName: z.string(),
            location: z.string(),
            sha256: z.string(),
            position: z.string(),
            synthetic: z.boolean(),
          }),
        ),
        payerValues: z.array(
          z.object({
            value: z.number(),
            location: z.string(),
            sha256: z.string(),
            position: z.string(),
            reportingEntity: z.string(),
            tin: nullableText,
            npi: z.number().nullable(),
            setting: nullableText,
            synthetic: z.boolean(),
          }),
        ),
        difference: z.number().nullable(),
      }),
    ),
    summary: z.object({
      agree: z.number().int(),
      differ: z.number().int(),
      "payer-missing": z.number().int(),
      "hospital-missing": z.number().int(),
    }),
    payersWithoutTicFile: z.array(z.string()),
    synthetic: z.boolean(),
  })
  .openapi("CrosscheckResult");

export const HospitalFileParamSchema = z.object({
  fileId: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, "a hospital file id is a whole number, e.g. 1")
    .openapi({ param: { name: "fileId", in: "path" }, example: "1" }),
});

export const HospitalFindingsQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, "limit is a whole number up to 9999")
    .optional()
    .openapi({ description: "Most findings returned (default 500)" }),
  severity: z.enum(["error", "warning"]).optional(),
});

export const CrosscheckQuerySchema = z.strictObject({
  payer: z.string().max(200).optional().openapi({ description: "Payer, family or BUCA" }),
  hospital: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Hospital name (part of it), EIN or type-2 NPI" }),
  codes: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description: "Codes; repeat or comma-separate" }),
  tolerance: z
    .string()
    .max(20)
    .optional()
    .openapi({ description: "Largest difference still counted as agreement (default 0.01)" }),
});

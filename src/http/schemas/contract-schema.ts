/**
 * Contract evaluation over the API as zod schemas: the request body and query of
 * `POST /api/v1/contracts/evaluate` and its answer (`analyze/contracts/contract-types.ts`). The
 * handler's typed `c.json(evaluation, 200)` checks at compile time that the library's type fits;
 * `contract-routes.test.ts` checks a real answer against it at run time.
 */
import { z } from "@hono/zod-openapi";

/** The media type of the workbook answer. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const ContractFormatSchema = z.enum(["json", "csv", "xlsx"]);

export const EvaluateContractRequestSchema = z
  .strictObject({
    schedule: z
      .string()
      .min(1)
      .optional()
      .describe("The fee schedule as CSV text (header row first)"),
    xlsxBase64: z
      .string()
      .min(1)
      .optional()
      .describe("The fee schedule as an .xlsx workbook, base64 (first sheet read)"),
    name: z.string().max(200).optional().describe("File name, shown in the report"),
    market: z
      .string()
      .max(2000)
      .optional()
      .describe(
        "national, state:MD, locality:12302-01, cbsa:12580, county:24005 or zip:21201,21202",
      ),
    zip: z
      .string()
      .regex(/^\d{5}$/, "the practice ZIP is 5 digits")
      .optional()
      .describe("The practice's ZIP: its Medicare locality"),
    locality: z
      .string()
      .max(20)
      .optional()
      .describe("The practice's Medicare locality (carrier-locality), instead of zip"),
    offer: z
      .string()
      .max(100)
      .optional()
      .describe('What-if: "140% medicare", "p60", "+4%" or "$250"'),
    year: z.number().int().min(2000).max(2100).optional().describe("Medicare fee-schedule year"),
    format: ContractFormatSchema.optional().describe(
      "Response format (default json; the query parameter also works)",
    ),
  })
  .refine((body) => (body.schedule === undefined) !== (body.xlsxBase64 === undefined), {
    message: "give exactly one of schedule (CSV text) and xlsxBase64",
  })
  .refine((body) => body.zip === undefined || body.locality === undefined, {
    message: "give zip or locality, not both",
  })
  .openapi("EvaluateContractRequest", {
    example: {
      schedule: "payer,code,setting,rate,annual_volume\nAetna,64493,nonfacility,210,40\n",
      market: "cbsa:12580",
      zip: "21201",
      offer: "140% medicare",
    },
  });

export const ContractQuerySchema = z.strictObject({
  format: ContractFormatSchema.optional().openapi({ description: "json (default), csv or xlsx" }),
});

const MarketStatsSchema = z
  .object({
    n: z.number().int(),
    p25: z.number(),
    median: z.number(),
    p75: z.number(),
    p90: z.number(),
    synthetic: z.boolean(),
  })
  .openapi("MarketStats");

const setting = z.enum(["facility", "nonfacility"]);

const LineEvaluationSchema = z
  .object({
    row: z.number().int().describe("Row number in the file (the header is row 1)"),
    payer: z.string(),
    code: z.string(),
    modifier: z.string(),
    setting,
    rate: z.number().describe("Today's rate in dollars"),
    rateBasis: z.string(),
    volume: z.number().nullable(),
    samePayer: MarketStatsSchema.nullable(),
    allPayers: MarketStatsSchema.nullable(),
    byPayer: z.array(z.object({ payer: z.string(), stats: MarketStatsSchema })),
    medicare: z
      .object({ amount: z.number(), year: z.number().int(), locality: z.string().nullable() })
      .nullable(),
    percentOfMedicare: z.number().nullable(),
    marketPercentile: z
      .number()
      .nullable()
      .describe("Mid-rank percentile among all payers' market rates (0–100)"),
    annualGapToMedian: z.number().nullable().describe("Volume × (all-payer median − rate)"),
    annualGapToP75: z.number().nullable(),
    offer: z
      .object({
        text: z.string(),
        rate: z.number(),
        todayRevenue: z.number().nullable(),
        projectedRevenue: z.number().nullable(),
        change: z.number().nullable(),
      })
      .nullable(),
    warnings: z.array(z.string()),
  })
  .openapi("ContractLineEvaluation");

const PayerTotalsSchema = z
  .object({
    payer: z.string(),
    lines: z.number().int(),
    linesWithVolume: z.number().int(),
    todayRevenue: z.number(),
    gapToMedian: z.number(),
    gapToP75: z.number(),
    projectedRevenue: z.number().nullable(),
    projectedChange: z.number().nullable(),
  })
  .openapi("ContractPayerTotals");

export const ContractEvaluationSchema = z
  .object({
    source: z.string(),
    generatedAt: z.string(),
    market: z.object({ spec: z.string(), label: z.string(), zips: z.number().int().nullable() }),
    practiceLocality: z.object({ locality: z.string().nullable(), how: z.string() }),
    medicareYear: z.number().int().nullable(),
    offer: z.string().nullable(),
    lines: z
      .array(LineEvaluationSchema)
      .describe("Ranked by annual gap to the market median, largest first"),
    errors: z
      .array(
        z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() }),
      )
      .describe("Rows not evaluated"),
    payers: z.array(PayerTotalsSchema),
    total: PayerTotalsSchema,
    warnings: z.array(z.string()),
    containsSynthetic: z.boolean(),
    smallN: z.number().int().describe("Market n below which a figure is flagged"),
  })
  .openapi("ContractEvaluation");

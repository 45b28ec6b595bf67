/**
 * Contract evaluation over HTTP: `POST /api/contracts/evaluate` (JSON in, JSON, CSV or .xlsx
 * out, validated with zod), the `/contracts` page (upload, sample, offer, workbook) and its
 * external script. Registered by `registerContractRoutes(app, services)`; failures are thrown as
 * `RatelensError`s for the app's one error handler, except on the page, which shows the user's
 * own mistakes (bad file, market, offer) in place with a 400.
 */
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { ContractServices } from "../analyze/contracts/contract-services.js";
import { SAMPLE } from "../analyze/contracts/contract-services.js";
import type { EvaluateOptions } from "../analyze/contracts/evaluate-contract.js";
import { parseOffer } from "../analyze/contracts/parse-offer.js";
import { marketText, parseMarket } from "../analyze/markets/parse-market.js";
import { UsageError } from "../errors.js";
import { readFeeScheduleTable } from "../sources/contracts/read-fee-schedule.js";
import { formatContractCsv } from "../present/contracts/contract-text.js";
import { contractWorkbook } from "../present/contracts/contract-workbook.js";
import { CONTRACTS_SCRIPT } from "../present/web/contracts-assets.js";
import { CONTRACTS_SCRIPT_PATH, renderContractsPage, type ContractsForm } from "../present/web/contracts-page.js";
import { statusFor } from "./error-status.js";

/** A fee schedule is kilobytes; a few megabytes covers any real one (and an .xlsx in base64). */
const MAX_BODY = 8 * 1024 * 1024;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The request body of POST /api/contracts/evaluate. */
export const EvaluateContractRequest = z
  .object({
    schedule: z.string().min(1).optional().describe("The fee schedule as CSV text (header row first)"),
    xlsxBase64: z.string().min(1).optional().describe("The fee schedule as an .xlsx workbook, base64 (first sheet read)"),
    name: z.string().max(200).optional().describe("File name, shown in the report"),
    market: z.string().max(2000).optional().describe("national, state:MD, locality:12302-01, cbsa:12580, county:24005 or zip:21201,21202"),
    zip: z.string().regex(/^\d{5}$/).optional().describe("The practice's ZIP: its Medicare locality"),
    locality: z.string().optional().describe("The practice's Medicare locality (carrier-locality), instead of zip"),
    offer: z.string().max(100).optional().describe('What-if: "140% medicare", "p60", "+4%" or "$250"'),
    year: z.number().int().min(2000).max(2100).optional().describe("Medicare fee-schedule year"),
    format: z.enum(["json", "csv", "xlsx"]).optional().describe("Response format (default json)"),
  })
  .strict()
  .refine((body) => (body.schedule === undefined) !== (body.xlsxBase64 === undefined), { message: "give exactly one of schedule (CSV text) and xlsxBase64" })
  .refine((body) => body.zip === undefined || body.locality === undefined, { message: "give zip or locality, not both" });

/** The evaluation options from request fields, with the same checks as the command line (no file: markets). */
function optionsFrom(fields: { market?: string; zip?: string; locality?: string; offer?: string; year?: number }): Omit<EvaluateOptions, "source"> {
  const market = fields.market === undefined || fields.market.trim() === "" ? undefined : marketText(parseMarket(fields.market, { allowFile: false }));
  const zip = fields.zip === undefined || fields.zip.trim() === "" ? undefined : fields.zip.trim();
  if (zip !== undefined && !/^\d{5}$/.test(zip)) throw new UsageError(`the practice ZIP must be 5 digits, not "${zip}"`);
  const offer = fields.offer === undefined || fields.offer.trim() === "" ? null : parseOffer(fields.offer);
  return {
    ...(market === undefined ? {} : { market }),
    ...(zip === undefined ? {} : { zip }),
    ...(fields.locality === undefined || fields.locality.trim() === "" ? {} : { locality: fields.locality }),
    ...(fields.year === undefined ? {} : { year: fields.year }),
    offer,
  };
}

/** The page's form fields (multipart or urlencoded): an uploaded file or the schedule text carried along. */
async function formInput(body: Record<string, string | File | (string | File)[]>): Promise<{ form: ContractsForm; content: Uint8Array | string }> {
  const text = (name: string): string => (typeof body[name] === "string" ? body[name] : "");
  const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
  const form: ContractsForm = { name: file?.name ?? (text("name") || "fee-schedule.csv"), schedule: text("schedule"), market: text("market"), zip: text("zip"), offer: text("offer") };
  if (file === null) {
    if (form.schedule.trim() === "") throw new UsageError("choose a fee schedule file (CSV or .xlsx), or try the sample");
    return { form, content: form.schedule };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The page carries the schedule along as text; an uploaded workbook travels as CSV from here on.
  form.schedule = await scheduleAsCsv(file.name, bytes);
  form.name = file.name.replace(/\.xlsx$/i, ".csv");
  return { form, content: bytes };
}

async function scheduleAsCsv(name: string, bytes: Uint8Array): Promise<string> {
  const rows = await readFeeScheduleTable(name, bytes);
  const cell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `${rows.map((row) => row.cells.map(cell).join(",")).join("\n")}\n`;
}

/** Registers the contract routes on `app`. */
export function registerContractRoutes(app: Hono, services: ContractServices): void {
  app.get(CONTRACTS_SCRIPT_PATH, (c) => c.body(CONTRACTS_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  app.post("/api/contracts/evaluate", bodyLimit({ maxSize: MAX_BODY }), async (c) => {
    const json: unknown = await c.req.json().catch((error: unknown) => {
      throw new UsageError("POST a JSON object: { schedule (CSV text) or xlsxBase64, market, zip, offer … }", { cause: error });
    });
    const parsed = EvaluateContractRequest.safeParse(json);
    if (!parsed.success) throw new UsageError(`invalid request: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
    const body = parsed.data;
    const content = body.schedule ?? Buffer.from(body.xlsxBase64 ?? "", "base64");
    const evaluation = await services.evaluate({ name: body.name ?? (body.schedule === undefined ? "fee-schedule.xlsx" : "fee-schedule.csv"), content }, optionsFrom(body));
    const format = body.format ?? c.req.query("format") ?? "json";
    if (format === "csv") return c.body(formatContractCsv(evaluation), 200, { "content-type": "text/csv; charset=utf-8" });
    if (format === "xlsx") return c.body(new Uint8Array(await contractWorkbook(evaluation)), 200, { "content-type": XLSX_TYPE, "content-disposition": 'attachment; filename="contract-evaluation.xlsx"' });
    return c.json(evaluation);
  });

  const empty: ContractsForm = { name: "", schedule: "", market: "", zip: "", offer: "" };
  app.get("/contracts", async (c) => {
    if (c.req.query("sample") === undefined) return c.html(await renderContractsPage(null, empty));
    const sample = await services.sample();
    const form: ContractsForm = { name: sample.name, schedule: sample.content, market: SAMPLE.market, zip: SAMPLE.zip, offer: SAMPLE.offer };
    return c.html(await renderContractsPage(await services.evaluate(sample, optionsFrom(form)), form));
  });
  app.post("/contracts", bodyLimit({ maxSize: MAX_BODY }), async (c) => {
    let form = empty;
    try {
      const input = await formInput(await c.req.parseBody());
      form = input.form;
      return c.html(await renderContractsPage(await services.evaluate({ name: form.name, content: input.content }, optionsFrom(form)), form));
    } catch (error) {
      // The user's own mistakes (file, market, offer) are shown in place, their input kept.
      if ((statusFor(error) === 400 || statusFor(error) === 404) && error instanceof Error) return c.html(await renderContractsPage(null, form, error.message), 400);
      throw error;
    }
  });
  app.post("/contracts/workbook", bodyLimit({ maxSize: MAX_BODY }), async (c) => {
    const input = await formInput(await c.req.parseBody());
    const evaluation = await services.evaluate({ name: input.form.name, content: input.content }, optionsFrom(input.form));
    return c.body(new Uint8Array(await contractWorkbook(evaluation)), 200, { "content-type": XLSX_TYPE, "content-disposition": 'attachment; filename="contract-evaluation.xlsx"' });
  });
}

/** The OpenAPI paths of the contract API (the request schema generated from the zod schema). */
export const CONTRACTS_OPENAPI_PATHS = {
  "/api/contracts/evaluate": {
    post: {
      summary: "Evaluate a fee schedule against its market and Medicare, with a what-if offer",
      description:
        "Each line: your rate; the same payer's and all payers' p25/median/p75/p90 (with n) in the market and setting; Medicare at the practice locality; % of Medicare; market percentile; with volumes, the annual gap to the median and p75; the offer's projected revenue. Totals per payer; lines ranked by dollar opportunity; bad rows listed with their row number while the good rows are evaluated.",
      parameters: [{ name: "format", in: "query", required: false, description: "json (default), csv or xlsx", schema: { type: "string", enum: ["json", "csv", "xlsx"] } }],
      requestBody: { required: true, content: { "application/json": { schema: z.toJSONSchema(EvaluateContractRequest, { io: "input", unrepresentable: "any" }) } } },
      responses: {
        "200": {
          description: "The evaluation (ContractEvaluation), or its CSV / workbook",
          content: { "application/json": { schema: { type: "object" } }, "text/csv": { schema: { type: "string" } }, [XLSX_TYPE]: { schema: { type: "string", format: "binary" } } },
        },
        "400": { description: "Invalid request, fee schedule header, market or offer", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        "404": { description: "Unknown ZIP, locality or market", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        "413": { description: "Body too large" },
      },
    },
  },
} as const;

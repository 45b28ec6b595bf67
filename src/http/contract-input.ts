/**
 * What the contract routes share: the evaluation options from request fields (with the command
 * line's checks; no `file:` markets over HTTP), the page's form fields, and the upload limit.
 */
import type { EvaluateOptions } from "../analyze/contracts/evaluate-contract.js";
import { parseOffer } from "../analyze/contracts/parse-offer.js";
import { marketText, parseMarket } from "../analyze/markets/parse-market.js";
import { UsageError } from "../errors.js";
import type { ContractsForm } from "../present/web/contracts-page.js";
import { readFeeScheduleTable } from "../sources/contracts/read-fee-schedule.js";

/** A fee schedule is kilobytes; a few megabytes covers any real one (and an .xlsx in base64). */
export const MAX_CONTRACT_BYTES = 8 * 1024 * 1024;

/** The fields a request may give, as text (the API's `year` is a number). */
export interface ContractFields {
  market?: string | undefined;
  zip?: string | undefined;
  locality?: string | undefined;
  offer?: string | undefined;
  year?: number | undefined;
}

const given = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value.trim();

/** The evaluation options from request fields; empty fields mean "not given". */
export function contractOptions(fields: ContractFields): Omit<EvaluateOptions, "source"> {
  const marketField = given(fields.market);
  const market =
    marketField === undefined
      ? undefined
      : marketText(parseMarket(marketField, { allowFile: false }));
  const zip = given(fields.zip);
  if (zip !== undefined && !/^\d{5}$/.test(zip)) {
    throw new UsageError(`the practice ZIP must be 5 digits, not "${zip}"`);
  }
  const offer = given(fields.offer);
  const locality = given(fields.locality);
  return {
    ...(market === undefined ? {} : { market }),
    ...(zip === undefined ? {} : { zip }),
    ...(locality === undefined ? {} : { locality }),
    ...(fields.year === undefined ? {} : { year: fields.year }),
    offer: offer === undefined ? null : parseOffer(offer),
  };
}

/** The page's form fields (multipart or urlencoded): an uploaded file or the schedule text carried along. */
export async function contractFormInput(
  body: Record<string, string | File | (string | File)[]>,
): Promise<{ form: ContractsForm; content: Uint8Array | string }> {
  const text = (name: string): string => (typeof body[name] === "string" ? body[name] : "");
  const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
  const form: ContractsForm = {
    name: file?.name ?? (text("name") || "fee-schedule.csv"),
    schedule: text("schedule"),
    market: text("market"),
    zip: text("zip"),
    offer: text("offer"),
  };
  if (file === null) {
    if (form.schedule.trim() === "") {
      throw new UsageError("choose a fee schedule file (CSV or .xlsx), or try the sample");
    }
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
  const cell = (value: string): string =>
    /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return `${rows.map((row) => row.cells.map(cell).join(",")).join("\n")}\n`;
}

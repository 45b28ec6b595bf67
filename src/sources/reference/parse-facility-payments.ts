import { InputError } from "../../errors.js";
import { readTextLines } from "./read-text-lines.js";

/** One payable code of a Medicare facility payment file (OPPS Addendum B or the ASC addenda). */
export interface FacilityPaymentRow {
  code: string;
  /** OPPS status indicator (J1, T, S …) or ASC payment indicator (A2, G2 …). */
  indicator: string;
  /** OPPS APC; null for ASC rows. */
  apc: string | null;
  /** National unadjusted payment rate, dollars. */
  rate: number;
  line: number;
}

/**
 * Reads the compact payable-code files (`hcpcs,status_indicator,apc,payment_rate` for OPPS,
 * `hcpcs,payment_indicator,payment_rate` for ASC): the header names the layout. A bad row is an
 * `InputError` naming the file and line.
 */
export async function* readFacilityPayments(file: string): AsyncGenerator<FacilityPaymentRow> {
  let line = 0;
  let columns: string[] | null = null;
  for await (const text of readTextLines(file)) {
    line++;
    if (text.trim() === "") continue;
    const fields = text.split(",").map((field) => field.trim());
    if (columns === null) {
      columns = fields.map((field) => field.toLowerCase());
      if (!columns.includes("hcpcs") || !columns.includes("payment_rate")) {
        throw new InputError(
          file,
          { line },
          "is not an OPPS or ASC payable-code file (needs hcpcs and payment_rate columns)",
        );
      }
      continue;
    }
    const get = (name: string): string | undefined => fields[columns?.indexOf(name) ?? -1];
    const code = get("hcpcs") ?? "";
    const rate = Number(get("payment_rate"));
    if (!/^[A-Z0-9]{5}$/.test(code) || !Number.isFinite(rate)) {
      throw new InputError(
        file,
        { line },
        `has a row that is not a code and a rate ("${text.slice(0, 60)}")`,
      );
    }
    const indicator = get("status_indicator") ?? get("payment_indicator") ?? "";
    yield { code, indicator, apc: get("apc") ?? null, rate, line };
  }
}

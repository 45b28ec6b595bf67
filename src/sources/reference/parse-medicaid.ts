import type { MedicaidFee, ReferenceSource } from "./reference-rows.js";
import { InputError } from "../../errors.js";
import { field, locateColumns, parseDecimal, requireHcpcs } from "./columns.js";
import { ncciDate } from "./parse-ncci.js";
import { readTable } from "./read-table.js";

/**
 * Column mapping for state Medicaid fee schedule CSVs. States publish different headers; any
 * of these spellings (case, spaces and punctuation ignored) is accepted:
 * - code: Procedure Code, Proc Code, CPT/HCPCS, CPT Code, HCPCS Code, HCPCS, CPT, Code
 * - modifier (optional): Modifier, Mod, Modifier 1, Mod1
 * - facility amount: Facility Fee / Rate / Amount / Price, Facility Max Fee, Fac Fee, Facility
 * - non-facility amount: Non-Facility Fee / Rate / Amount / Price, Nonfacility Fee, Office Fee, NF Fee, Non-Facility
 * - one fee for both settings (when neither of the above): Max Fee, Maximum Fee, Fee, Rate, Amount, Fee Amount, Allowed Amount, Reimbursement
 * - effective date (optional; else `--effective`): Effective Date, Eff Date, Begin Date, Start Date, Effective
 * Non-numeric amounts ("BR" by report, "NC" not covered, blank) are kept as null.
 */
export const MEDICAID_COLUMNS = {
  code: {
    names: [
      "Procedure Code",
      "Proc Code",
      "CPT/HCPCS",
      "CPT/HCPCS Code",
      "CPT Code",
      "HCPCS Code",
      "HCPCS",
      "CPT",
      "Code",
    ],
  },
  modifier: { names: ["Modifier", "Mod", "Modifier 1", "Mod1", "Mod 1"], optional: true },
  facility: {
    names: [
      "Facility Fee",
      "Facility Rate",
      "Facility Amount",
      "Facility Price",
      "Facility Max Fee",
      "Fac Fee",
      "Facility",
    ],
    optional: true,
  },
  nonFacility: {
    names: [
      "Non-Facility Fee",
      "Non-Facility Rate",
      "Non-Facility Amount",
      "Non-Facility Price",
      "Nonfacility Fee",
      "Non-Facility Max Fee",
      "Office Fee",
      "NF Fee",
      "Non-Facility",
    ],
    optional: true,
  },
  single: {
    names: [
      "Max Fee",
      "Maximum Fee",
      "Fee",
      "Rate",
      "Amount",
      "Fee Amount",
      "Allowed Amount",
      "Reimbursement",
    ],
    optional: true,
  },
  effective: {
    names: ["Effective Date", "Eff Date", "Begin Date", "Start Date", "Effective"],
    optional: true,
  },
} as const;

/** Reads a state Medicaid fee schedule CSV into `MedicaidFee` rows (with the line each came from). */
export async function parseMedicaidFile(
  file: string,
  options: { state: string; effective?: string; source: ReferenceSource },
): Promise<(MedicaidFee & { line: number })[]> {
  const fees: (MedicaidFee & { line: number })[] = [];
  let checked = false;
  for await (const { line, fields, columns: c } of readTable(file, MEDICAID_COLUMNS, {
    what: "Medicaid fee schedule",
  })) {
    if (!checked) {
      checked = true;
      if (c.facility < 0 && c.nonFacility < 0 && c.single < 0) {
        throw new InputError(
          file,
          { line: line - 1 },
          "the header has no fee column (Facility Fee, Non-Facility Fee or Fee; see the accepted spellings in the docs)",
        );
      }
      if (c.effective < 0 && options.effective === undefined) {
        throw new InputError(
          file,
          { line: line - 1 },
          'the header has no "Effective Date" column: give the schedule\'s effective date with --effective YYYY-MM-DD',
        );
      }
    }
    const amount = (index: number, what: string): number | null => {
      const text = field(fields, index);
      if (text === "" || /^(BR|NC|N\/A|NA|BY REPORT|MP|\*+)$/i.test(text)) return null;
      return parseDecimal(file, line, index, text, what);
    };
    const single = amount(c.single, "fee");
    const effective =
      c.effective >= 0 ? ncciDate(file, line, c.effective, field(fields, c.effective)) : null;
    const effectiveDate = effective ?? options.effective;
    if (effectiveDate === undefined) {
      throw new InputError(
        file,
        { line, column: c.effective + 1 },
        "no effective date on this row (and no --effective given)",
      );
    }
    fees.push({
      state: options.state,
      code: requireHcpcs(file, line, c.code, field(fields, c.code)),
      modifier: field(fields, c.modifier).toUpperCase(),
      facilityAmount: c.facility >= 0 ? amount(c.facility, "facility fee") : single,
      nonFacilityAmount: c.nonFacility >= 0 ? amount(c.nonFacility, "non-facility fee") : single,
      effectiveDate,
      source: options.source,
      line,
    });
  }
  return fees;
}

/** True when a header row looks like a Medicaid fee schedule (used by tests and `import` hints). */
export function looksLikeMedicaidHeader(header: readonly string[]): boolean {
  return locateColumns(header, MEDICAID_COLUMNS).missing.length === 0;
}

import { InputError } from "../../errors.js";
import { field } from "./columns.js";
import { readTable } from "./read-table.js";

/** One place-of-service code. */
export interface PosRow {
  code: string;
  name: string;
  /** True where the PFS facility rate applies; null where the file does not say ("Unassigned"). */
  facility: boolean | null;
}

/**
 * Parses a place-of-service table: the bundled layout (`pos_code,pos_type,pos_name,…`, type
 * "Facility" / "Non-Facility" / "Unassigned") or any CSV with a POS code, a name and a facility
 * column (F/NF, Facility/Non-Facility, Y/N). Ranges of unassigned codes ("27-30") are expanded.
 */
export async function parsePosFile(file: string): Promise<PosRow[]> {
  const wanted = {
    code: {
      names: ["pos_code", "POS Code", "Place of Service Code", "Place of Service Code(s)", "POS"],
    },
    name: { names: ["pos_name", "Place of Service Name", "POS Name", "Name"] },
    type: { names: ["pos_type", "Facility", "Setting", "Facility Indicator", "PFS Setting"] },
  };
  const rows: PosRow[] = [];
  for await (const { line, fields, columns: c } of readTable(file, wanted, {
    what: "place-of-service table",
  })) {
    const codeText = field(fields, c.code);
    const range = /^(\d{1,2})\s*-\s*(\d{1,2})$/.exec(codeText);
    const codes = range === null ? [codeText] : expand(Number(range[1]), Number(range[2]));
    const typeText = field(fields, c.type)
      .toUpperCase()
      .replace(/[^A-Z]/g, "");
    let facility: boolean | null;
    if (["FACILITY", "F", "Y", "YES", "TRUE"].includes(typeText)) facility = true;
    else if (["NONFACILITY", "NF", "N", "NO", "FALSE"].includes(typeText)) facility = false;
    else if (["UNASSIGNED", ""].includes(typeText)) facility = null;
    else {
      throw new InputError(
        file,
        { line, column: c.type + 1 },
        `facility indicator must be Facility/Non-Facility (or F/NF, Y/N), found "${field(fields, c.type)}"`,
      );
    }
    for (const code of codes) {
      if (!/^\d{1,2}$/.test(code)) {
        throw new InputError(
          file,
          { line, column: c.code + 1 },
          `"${codeText}" is not a place-of-service code`,
        );
      }
      rows.push({ code: code.padStart(2, "0"), name: field(fields, c.name), facility });
    }
  }
  return rows;
}

function expand(from: number, to: number): string[] {
  const codes: string[] = [];
  for (let n = from; n <= to; n++) codes.push(String(n).padStart(2, "0"));
  return codes;
}

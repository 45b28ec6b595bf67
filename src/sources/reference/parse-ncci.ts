import type { MueEdit, PtpEdit } from "./reference-rows.js";
import { InputError } from "../../errors.js";
import { field, requireHcpcs } from "./columns.js";
import { readTable } from "./read-table.js";

/** A row of the NCCI add-on code table. */
export interface AocRow {
  /** "CCCCC" = any primary code the payer accepts (edit type 2). */
  primaryCode: string;
  addOnCode: string;
  /** 1: only the listed primaries; 2: primaries not specified (CCCCC); 3: some primaries listed, others possible. */
  editType: string;
}

/** A PTP edit with its deletion status kept (the in-memory table keeps only active ones). */
export type PtpRow = PtpEdit;

/**
 * Normalises an NCCI date: "9999-12-31", "*" and "" mean "no deletion date" (null);
 * "20240701", "2024-07-01", "7/1/2024" and Julian "2024183" all become "2024-07-01".
 */
export function ncciDate(file: string, line: number, column: number, text: string): string | null {
  const t = text.trim();
  if (t === "" || t === "*" || t === "9999-12-31" || t === "99991231") return null;
  const julian = /^(\d{4})(\d{3})$/.exec(t);
  if (julian !== null) {
    // CMS AOC files write dates as Julian YYYYDDD.
    const date = new Date(Date.UTC(Number(julian[1]), 0, Number(julian[2])));
    return date.toISOString().slice(0, 10);
  }
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (compact !== null) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (us !== null) return `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`;
  throw new InputError(
    file,
    { line, column: column + 1 },
    `"${text}" is not a date (YYYYMMDD, YYYY-MM-DD, M/D/YYYY, Julian YYYYDDD or *)`,
  );
}

/**
 * Streams NCCI procedure-to-procedure edits from either the bundled layout
 * (`column1,column2,modifier_indicator,deletion_date,rationale`) or CMS's published practitioner
 * / hospital PTP tables (tab-delimited `.txt` or CSV export of the `.xlsx`: "Column 1",
 * "Column 2", "In Existence", "Effective", "Deletion", "Modifier", "PTP Edit Rationale", with
 * sub-label rows such as "Prior to 1996" / "Date *=no data" / "0=not allowed …" under them).
 */
export async function* readPtpEdits(file: string): AsyncGenerator<PtpRow & { line: number }> {
  const wanted = {
    column1: { names: ["column1", "Column 1", "Column 1 Code"] },
    column2: { names: ["column2", "Column 2", "Column 2 Code"] },
    modifier: { names: ["modifier_indicator", "Modifier*"] },
    effective: { names: ["effective_date", "Effective*"], optional: true },
    deletion: { names: ["deletion_date", "Deletion*"], optional: true },
    rationale: { names: ["rationale", "PTP Edit Rationale", "Edit Rationale*"], optional: true },
  };
  // CMS's tables put sub-labels ("Prior to 1996", "Date", "*=no data", "0=not allowed …") on rows under the header.
  const isHeaderContinuation = (
    fields: readonly string[],
    c: Record<keyof typeof wanted, number>,
  ): boolean => field(fields, c.column1) === "";
  for await (const { line, fields, columns: c } of readTable(file, wanted, {
    what: "NCCI PTP edit table",
    isHeaderContinuation,
  })) {
    const modifier = field(fields, c.modifier);
    if (modifier !== "0" && modifier !== "1" && modifier !== "9") {
      throw new InputError(
        file,
        { line, column: c.modifier + 1 },
        `modifier indicator must be 0, 1 or 9, found "${modifier}"`,
      );
    }
    yield {
      line,
      column1: requireHcpcs(file, line, c.column1, field(fields, c.column1)),
      column2: requireHcpcs(file, line, c.column2, field(fields, c.column2)),
      modifierIndicator: modifier,
      effectiveDate: ncciDate(file, line, c.effective, field(fields, c.effective)),
      deletionDate: ncciDate(file, line, c.deletion, field(fields, c.deletion)),
      rationale: field(fields, c.rationale),
    };
  }
}

/**
 * Reads an NCCI MUE table: the bundled layout (`hcpcs,mue_value,mai,mue_rationale`) or CMS's
 * published CSV ("HCPCS/CPT Code", "Practitioner Services MUE Values" (or Outpatient Hospital /
 * DME Supplier), "MUE Adjudication Indicator" written "2 Date of Service Edit: Policy",
 * "MUE Rationale") after its copyright preamble.
 */
export async function parseMueFile(file: string): Promise<MueEdit[]> {
  const wanted = {
    code: { names: ["hcpcs", "HCPCS/CPT Code", "HCPCS Code", "CPT Code"] },
    value: {
      names: [
        "mue_value",
        "Practitioner Services MUE Values",
        "Outpatient Hospital Services MUE Values",
        "DME Supplier Services MUE Values",
        "MUE Values",
        "MUE Value",
      ],
    },
    mai: { names: ["mai", "MUE Adjudication Indicator", "MAI"] },
    rationale: { names: ["mue_rationale", "MUE Rationale", "rationale"], optional: true },
  };
  const edits: MueEdit[] = [];
  const seen = new Set<string>();
  for await (const { line, fields, columns: c } of readTable(file, wanted, {
    what: "NCCI MUE table",
  })) {
    const code = requireHcpcs(file, line, c.code, field(fields, c.code));
    const valueText = field(fields, c.value);
    if (!/^\d+$/.test(valueText)) {
      throw new InputError(
        file,
        { line, column: c.value + 1 },
        `MUE value must be a whole number, found "${valueText}"`,
      );
    }
    const maiText = /^([123])\b/.exec(field(fields, c.mai))?.[1];
    if (maiText === undefined) {
      throw new InputError(
        file,
        { line, column: c.mai + 1 },
        `MUE adjudication indicator must start with 1, 2 or 3, found "${field(fields, c.mai)}"`,
      );
    }
    if (seen.has(code)) {
      throw new InputError(file, { line, column: c.code + 1 }, `code ${code} appears twice`);
    }
    seen.add(code);
    edits.push({
      code,
      maxUnits: Number(valueText),
      mai: Number(maiText) as 1 | 2 | 3,
      rationale: field(fields, c.rationale),
    });
  }
  return edits;
}

/**
 * Reads the NCCI add-on code table: the bundled layout (`primary_code,add_on_code,aoc_edit_type`)
 * or CMS's published one ("Primary Code", "Add-on Code", "AOC Edit Type", "Special Instruction
 * Notes" and Julian (YYYYDDD) effective/deletion date columns such as "AOC_EDIT_DEL_DT_JULIAN";
 * edits or primary codes deleted on or before `asOf` are skipped).
 */
export async function parseAocFile(
  file: string,
  options: { asOf?: string } = {},
): Promise<AocRow[]> {
  const wanted = {
    primary: { names: ["primary_code", "Primary Code", "Primary"] },
    addOn: { names: ["add_on_code", "Add-on Code", "Add-On Code", "Addon Code"] },
    type: { names: ["aoc_edit_type", "AOC Edit Type", "Edit Type"] },
    deletion: {
      names: ["AOC Edit Del Dt Julian", "AOC Edit Deletion Date*", "aoc_deletion_date"],
      optional: true,
    },
    primaryDeletion: {
      names: ["Primary Code Del Dt Julian", "Primary Code Deletion Date*"],
      optional: true,
    },
  };
  const rows: AocRow[] = [];
  for await (const { line, fields, columns: c } of readTable(file, wanted, {
    what: "NCCI add-on code table",
  })) {
    const primaryText = field(fields, c.primary).toUpperCase();
    const primaryCode =
      primaryText === "CCCCC" ? primaryText : requireHcpcs(file, line, c.primary, primaryText);
    const editType = field(fields, c.type);
    if (!/^[123]$/.test(editType)) {
      throw new InputError(
        file,
        { line, column: c.type + 1 },
        `AOC edit type must be 1, 2 or 3, found "${editType}"`,
      );
    }
    const deletion = ncciDate(file, line, c.deletion, field(fields, c.deletion));
    const primaryDeletion = ncciDate(
      file,
      line,
      c.primaryDeletion,
      field(fields, c.primaryDeletion),
    );
    const deleted = [deletion, primaryDeletion].some(
      (d) => d !== null && options.asOf !== undefined && d <= options.asOf,
    );
    if (deleted) continue;
    rows.push({
      primaryCode,
      addOnCode: requireHcpcs(file, line, c.addOn, field(fields, c.addOn)),
      editType,
    });
  }
  return rows;
}

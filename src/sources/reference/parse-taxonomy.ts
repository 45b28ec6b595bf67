import { InputError } from "../../errors.js";
import { field } from "./columns.js";
import { readTable } from "./read-table.js";

/** One NUCC Health Care Provider Taxonomy code. */
export interface TaxonomyRow {
  code: string;
  grouping: string;
  classification: string;
  specialization: string;
  displayName: string;
}

/**
 * Parses the NUCC taxonomy CSV (Code, Grouping, Classification, Specialization, Definition,
 * Notes, Display Name, Section). Releases before 2019 have no Display Name; it is then built
 * from classification and specialization.
 */
export async function parseTaxonomyFile(file: string): Promise<TaxonomyRow[]> {
  const wanted = {
    code: { names: ["Code", "Taxonomy Code", "Provider Taxonomy Code"] },
    grouping: { names: ["Grouping", "Type"], optional: true },
    classification: { names: ["Classification"] },
    specialization: { names: ["Specialization"] },
    displayName: { names: ["Display Name"], optional: true },
  };
  const rows: TaxonomyRow[] = [];
  for await (const { line, fields, columns: c } of readTable(file, wanted, {
    what: "NUCC taxonomy file",
  })) {
    const code = field(fields, c.code).toUpperCase();
    if (!/^[0-9A-Z]{9}X$/.test(code)) {
      throw new InputError(
        file,
        { line, column: c.code + 1 },
        `"${code}" is not a NUCC taxonomy code (ten characters ending in X)`,
      );
    }
    const classification = field(fields, c.classification);
    const specialization = field(fields, c.specialization);
    const displayName =
      field(fields, c.displayName) ||
      [classification, specialization].filter((s) => s !== "").join(", ");
    rows.push({
      code,
      grouping: field(fields, c.grouping),
      classification,
      specialization,
      displayName,
    });
  }
  return rows;
}

import { InputError } from "../../errors.js";
import { readTextLines } from "./read-text-lines.js";

/** One ZIP code's Medicare carrier (MAC) and pricing locality. */
export interface ZipLocalityRow {
  zip: string;
  state: string;
  mac: string;
  locality: string;
  macLocality: string;
  line: number;
}

/**
 * Parses CMS's "ZIP code to carrier locality" file (ZIP5_*.txt, fixed width), per CMS's own
 * ZIP5 record layout (ZIP5lyout.txt): state 1–2, ZIP 3–7, carrier 8–12, pricing locality 13–14,
 * rural indicator 15, …, year/quarter (YYYYQ) 76–80. Returns the rows and the year/quarter.
 */
export async function parseZipLocalityFile(
  file: string,
): Promise<{ rows: ZipLocalityRow[]; yearQuarter: string | null }> {
  const rows: ZipLocalityRow[] = [];
  let yearQuarter: string | null = null;
  let line = 0;
  const lines = readTextLines(file);
  try {
    for await (const raw of lines) {
      line++;
      if (raw.trim() === "") continue;
      const state = raw.slice(0, 2);
      const zip = raw.slice(2, 7);
      const mac = raw.slice(7, 12);
      const locality = raw.slice(12, 14);
      if (!/^[A-Z]{2}$/.test(state)) {
        throw new InputError(
          file,
          { line, column: 1 },
          `"${state}" is not a state code (expected CMS's ZIP5 fixed-width layout)`,
        );
      }
      if (!/^\d{5}$/.test(zip)) {
        throw new InputError(file, { line, column: 3 }, `"${zip}" is not a 5-digit ZIP code`);
      }
      if (!/^\d{5}$/.test(mac)) {
        throw new InputError(
          file,
          { line, column: 8 },
          `"${mac}" is not a 5-digit carrier (MAC) number`,
        );
      }
      if (!/^\d{2}$/.test(locality)) {
        throw new InputError(
          file,
          { line, column: 13 },
          `"${locality}" is not a 2-digit pricing locality`,
        );
      }
      const yq = raw.slice(75, 80).trim();
      if (yearQuarter === null && /^\d{5}$/.test(yq)) yearQuarter = yq;
      rows.push({ zip, state, mac, locality, macLocality: `${mac}-${locality}`, line });
    }
  } finally {
    await lines.return(undefined);
  }
  if (rows.length === 0) throw new InputError(file, { line }, "no ZIP code rows");
  return { rows, yearQuarter };
}

/**
 * Writes a SYNTHETIC NPPES sample in the real dissemination layout (every column of
 * `NPPES_COLUMNS`, every field quoted, CRLF line ends as CMS writes them). Names say SYNTHETIC;
 * NPIs are generated with valid check digits but belong to no one we know of.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { NPPES_COLUMNS } from "../nppes/nppes-layout.js";

/** One synthetic provider. */
export interface SyntheticProvider {
  npi: number;
  entityType: 1 | 2;
  /** Organisation name (type 2) or last name (type 1). */
  name: string;
  firstName?: string;
  state: string;
  zip: string;
  /** Taxonomies, the first flagged primary. */
  taxonomies: readonly string[];
  deactivated?: boolean;
}

const COLUMN = new Map(NPPES_COLUMNS.map((name, i) => [name, i]));

function set(fields: string[], column: string, value: string): void {
  const index = COLUMN.get(column);
  if (index === undefined) throw new Error(`no NPPES column ${column}`);
  fields[index] = value;
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** The CSV line (without line end) for one provider. */
export function nppesLine(provider: SyntheticProvider): string {
  const fields = NPPES_COLUMNS.map(() => "");
  set(fields, "NPI", String(provider.npi));
  if (provider.deactivated === true) {
    set(fields, "NPI Deactivation Date", "01/15/2024");
    return fields.map(quote).join(",");
  }
  set(fields, "Entity Type Code", String(provider.entityType));
  if (provider.entityType === 2) {
    set(fields, "Provider Organization Name (Legal Business Name)", provider.name);
  } else {
    set(fields, "Provider Last Name (Legal Name)", provider.name);
    set(fields, "Provider First Name", provider.firstName ?? "SYNTHETIC");
    set(fields, "Provider Credential Text", "M.D.");
  }
  set(
    fields,
    "Provider First Line Business Practice Location Address",
    "100 SYNTHETIC WAY, SUITE 2",
  );
  set(fields, "Provider Business Practice Location Address City Name", "SYNTHETIC CITY");
  set(fields, "Provider Business Practice Location Address State Name", provider.state);
  set(fields, "Provider Business Practice Location Address Postal Code", `${provider.zip}0001`);
  set(fields, "Provider Business Practice Location Address Country Code (If outside U.S.)", "US");
  set(fields, "Provider Enumeration Date", "05/23/2007");
  set(fields, "Last Update Date", "07/08/2024");
  provider.taxonomies.forEach((code, k) => {
    set(fields, `Healthcare Provider Taxonomy Code_${k + 1}`, code);
    set(fields, `Provider License Number State Code_${k + 1}`, provider.state);
    set(fields, `Healthcare Provider Primary Taxonomy Switch_${k + 1}`, k === 0 ? "Y" : "N");
  });
  return fields.map(quote).join(",");
}

/** Writes the header and one line per provider to `path`. */
export async function writeSyntheticNppes(
  path: string,
  providers: readonly SyntheticProvider[],
): Promise<void> {
  const lines = function* (): Generator<string> {
    yield `${NPPES_COLUMNS.map(quote).join(",")}\r\n`;
    for (const provider of providers) yield `${nppesLine(provider)}\r\n`;
  };
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

/**
 * A fee schedule's rows → contract lines, with one error per bad row (row number, column, what is
 * wrong) while the good rows go on to be evaluated. Columns are found by header name, any case,
 * spaces or underscores: payer; code (cpt, hcpcs); modifier; setting (facility / nonfacility /
 * office) or place_of_service (pos); rate (dollars) or percent_of_medicare (with medicare_year);
 * volume (annual_volume); offer (a per-line what-if, see parse-offer.ts).
 */
import { UsageError } from "../../errors.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { parseBillingCode } from "../../sources/billing-code.js";
import type { TableRow } from "../../sources/contracts/read-fee-schedule.js";
import type { ContractLine, LineError } from "./contract-types.js";
import { parseOffer } from "./parse-offer.js";

type Column =
  | "payer"
  | "code"
  | "modifier"
  | "setting"
  | "pos"
  | "rate"
  | "percent"
  | "year"
  | "volume"
  | "offer";

const COLUMNS: Readonly<Record<Column, readonly string[]>> = {
  payer: ["payer", "payer name", "insurer", "plan"],
  code: ["code", "cpt", "hcpcs", "cpt hcpcs", "billing code", "procedure code"],
  modifier: ["modifier", "modifiers", "mod"],
  setting: ["setting", "site", "site of service", "facility class"],
  pos: ["place of service", "pos"],
  rate: ["rate", "allowed", "allowed amount", "fee", "contract rate", "dollar rate"],
  percent: ["percent of medicare", "pct of medicare", "% of medicare", "medicare percent"],
  year: ["medicare year", "year"],
  volume: ["volume", "annual volume", "units", "annual units"],
  offer: ["offer", "proposed", "what if"],
};

/** The header cell normalised for matching: lower case, separators as single spaces. */
function headerKey(cell: string): string {
  return cell
    .toLowerCase()
    .replace(/[_\-/]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Parses the rows (the first non-empty row is the header). */
export function parseFeeSchedule(
  rows: readonly TableRow[],
  ref: ReferenceData,
): { lines: ContractLine[]; errors: LineError[] } {
  const header = rows[0];
  if (header === undefined) {
    throw new UsageError(
      "the fee schedule is empty: give a header row (payer, code, setting, rate …) and at least one line",
    );
  }
  const keys = header.cells.map(headerKey);
  const index = (name: Column): number => keys.findIndex((key) => COLUMNS[name].includes(key));
  const at = Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((name) => [name, index(name)]),
  ) as Record<Column, number>;
  const missing = [
    at.payer < 0 ? "payer" : null,
    at.code < 0 ? "code" : null,
    at.setting < 0 && at.pos < 0 ? "setting or place_of_service" : null,
    at.rate < 0 && at.percent < 0 ? "rate or percent_of_medicare" : null,
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    throw new UsageError(
      `the fee schedule's header (row ${header.row}) lacks the column(s): ${missing.join(", ")}`,
    );
  }

  const lines: ContractLine[] = [];
  const errors: LineError[] = [];
  for (const { row, cells } of rows.slice(1)) {
    if (cells.every((cell) => cell.trim() === "")) continue;
    const cell = (name: Column): string => (at[name] >= 0 ? (cells[at[name]] ?? "").trim() : "");
    const fail = (column: string | null, message: string): void => {
      errors.push({ row, column, message });
    };
    const payer = cell("payer");
    if (payer === "") {
      fail("payer", "no payer");
      continue;
    }
    const code = parseBillingCode(cell("code"));
    if (code === null) {
      fail("code", `"${cell("code")}" is not a CPT/HCPCS code (five letters or digits)`);
      continue;
    }
    const modifier = cell("modifier").toUpperCase();
    if (modifier !== "" && !/^[A-Z0-9]{2}$/.test(modifier)) {
      fail("modifier", `"${modifier}" is not a two-character modifier`);
      continue;
    }
    const setting = settingOf(cell("setting"), cell("pos"), ref);
    if (typeof setting === "string") {
      fail(at.setting >= 0 ? "setting" : "place_of_service", setting);
      continue;
    }
    const rate = rateOf(cell("rate"), cell("percent"), cell("year"));
    if (typeof rate === "string") {
      fail(cell("rate") !== "" ? "rate" : "percent_of_medicare", rate);
      continue;
    }
    const volumeText = cell("volume").replace(/,/g, "");
    const volume = volumeText === "" ? null : Number(volumeText);
    if (volume !== null && (!Number.isFinite(volume) || volume < 0)) {
      fail(
        "volume",
        `"${cell("volume")}" is not an annual volume (a number of services, 0 or more)`,
      );
      continue;
    }
    const offerText = cell("offer");
    let offer = null;
    if (offerText !== "") {
      try {
        offer = parseOffer(offerText);
      } catch (error) {
        fail("offer", error instanceof Error ? error.message : String(error));
        continue;
      }
    }
    lines.push({
      row,
      payer,
      code,
      modifier,
      setting: setting.setting,
      placeOfService: setting.pos,
      rate,
      volume,
      offer,
      offerText: offerText === "" ? null : offerText,
    });
  }
  return { lines, errors };
}

function settingOf(
  setting: string,
  pos: string,
  ref: ReferenceData,
): { setting: "facility" | "nonfacility"; pos: string | null } | string {
  if (setting !== "") {
    const value = setting.toLowerCase().replace(/[^a-z]/g, "");
    if (value === "facility" || value === "fac") return { setting: "facility", pos: null };
    if (value === "nonfacility" || value === "office" || value === "nonfac") {
      return { setting: "nonfacility", pos: null };
    }
    return `"${setting}" is not a setting (facility or nonfacility)`;
  }
  const code = pos.padStart(2, "0");
  const known = ref.placesOfService.get(code);
  if (pos === "" || known === undefined) return `"${pos}" is not a CMS place-of-service code`;
  return { setting: known.facility ? "facility" : "nonfacility", pos: code };
}

function rateOf(rate: string, percent: string, year: string): ContractLine["rate"] | string {
  if (rate !== "") {
    const amount = Number(rate.replace(/[$,\s]/g, ""));
    if (!Number.isFinite(amount) || amount <= 0) return `"${rate}" is not a dollar rate above zero`;
    return { kind: "dollars", amount };
  }
  if (percent === "") return "neither a rate nor a percent of Medicare";
  const value = Number(percent.replace(/%/g, "").trim());
  if (!Number.isFinite(value) || value <= 0) {
    return `"${percent}" is not a percentage of Medicare above zero`;
  }
  if (year !== "" && !/^\d{4}$/.test(year)) {
    return `medicare_year "${year}" is not a four-digit year`;
  }
  return { kind: "medicare", percent: value, year: year === "" ? null : Number(year) };
}

import { DataMissingError, NotFoundError, NotPricedError, UsageError } from "../../errors.js";
import { pfsKey } from "../reference/build-reference-data.js";
import type {
  FeeScheduleYear,
  GpciRow,
  PfsRow,
  ReferenceData,
} from "../reference/reference-types.js";
import { feeScheduleAmount, percentOf } from "./exact-amount.js";
import { PFS_STATUS_SOURCE, pfsStatusRule } from "./pfs-status.js";

/** What to price: one code, one year, one setting, optionally one locality and modifiers. */
export interface MedicareQuery {
  code: string;
  year: number;
  setting: "facility" | "nonfacility";
  /** MAC-locality, "13202-01"; omitted = national (all GPCIs 1.000). */
  locality?: string;
  /** "26" / "TC" select the component row; "50" applies the bilateral rule; others are noted only. */
  modifiers?: string[];
  /** Qualifying APM participant: use the year's QP conversion factor (2026+). */
  qp?: boolean;
}

/** The PFS payment indicators of the row that was priced, verbatim from the RVU file. */
export interface PfsIndicators {
  status: string;
  pcTc: string;
  globalDays: string;
  multipleProcedure: string;
  bilateral: string;
  assistant: string;
  coSurgeon: string;
  team: string;
  pricing?: string;
}

/** A Medicare PFS amount and everything that produced it. */
export interface MedicareAmount {
  code: string;
  /** Row priced: "" (global), "26" or "TC". */
  componentModifier: string;
  year: number;
  setting: "facility" | "nonfacility";
  /** MAC-locality or null for the national amount. */
  locality: string | null;
  localityName: string | null;
  state: string | null;
  rvus: { work: number; pe: number; mp: number; total: number };
  /** null for the national amount (all GPCIs 1.000). */
  gpci: { work: number; pe: number; mp: number } | null;
  conversionFactor: number;
  conversionFactorKind: "single" | "non-qp" | "qp";
  /** One procedure, before any modifier adjustment, rounded to the cent. */
  baseAmount: number;
  /** After the modifier-50 rule (150 % where bilateral indicator 1, 200 % where 3, else 100 %); 0 when the status is not paid or priced by the contractor. */
  amount: number;
  /** How the status code pays: the RVU amount, a contractor price (no national amount), or nothing. */
  payment: "paid" | "contractor" | "not-paid";
  /** Percent of `baseAmount` paid (100, 150 or 200). */
  percentOfBase: number;
  indicators: PfsIndicators;
  /** Plain-language notes: bilateral rule applied, modifiers ignored, non-payable status… */
  notes: string[];
  /** Cites the RVU file and edition, and the GPCI file where a locality was used. */
  source: string;
}

/** "13202-01", "1320201", "13202 01" → "13202-01"; null when the text is not a MAC-locality. */
export function normaliseLocality(text: string): string | null {
  const m = /^\s*(\d{4,5})\s*[-/ ]?\s*(\d{1,2})\s*$/.exec(text);
  if (m === null) return null;
  if (!/[-/ ]/.test(text.trim()) && text.trim().length !== 7) return null;
  return `${m[1]!.padStart(5, "0")}-${m[2]!.padStart(2, "0")}`;
}

/** The fee schedule of a year, `NotFoundError` naming the years loaded when absent. */
export function feeScheduleFor(ref: ReferenceData, year: number): FeeScheduleYear {
  const schedule = ref.feeSchedules.get(year);
  if (schedule === undefined) {
    throw new NotFoundError(
      `no Medicare fee schedule for ${year} is loaded (years available: ${[...ref.feeSchedules.keys()].sort().join(", ")}); import its RVU file with "ratelens import pfs FILE --year ${year}"`,
    );
  }
  return schedule;
}

/** The GPCIs of a locality in a year: `DataMissingError` when the year has no GPCI file, `NotFoundError` for an unknown locality. */
export function gpciFor(schedule: FeeScheduleYear, locality: string): GpciRow {
  const id = normaliseLocality(locality);
  if (id === null) {
    throw new UsageError(
      `"${locality}" is not a MAC-locality (write it as 13202-01: MAC number, hyphen, locality number)`,
    );
  }
  if (schedule.gpcis === null) {
    throw new DataMissingError(
      `no ${schedule.year} GPCI file is loaded, so no ${schedule.year} locality amount can be computed (another year's GPCIs are never substituted); the national amount is available, or import the ${schedule.year} GPCIs with "ratelens import gpci FILE --year ${schedule.year}"`,
    );
  }
  const row = schedule.gpcis.find((g) => g.macLocality === id);
  if (row === undefined) {
    throw new NotFoundError(
      `locality ${id} is not in the ${schedule.year} GPCI file (${schedule.gpciSource?.file ?? "?"})`,
    );
  }
  return row;
}

/** Splits the modifiers into the component row to price ("", "26", "TC") and the rest. */
export function componentOf(modifiers: readonly string[]): string {
  const upper = modifiers.map((m) => m.trim().toUpperCase());
  const pc = upper.includes("26");
  const tc = upper.includes("TC");
  if (pc && tc) {
    throw new UsageError(
      "modifiers 26 and TC cannot both apply to one line (26 is the professional component, TC the technical)",
    );
  }
  return pc ? "26" : tc ? "TC" : "";
}

/** The RVU row for a code and component, `NotFoundError` when the year's file lacks it. */
export function pfsRowFor(schedule: FeeScheduleYear, code: string, component: string): PfsRow {
  const normalised = code.trim().toUpperCase();
  const row = schedule.rows.get(pfsKey(normalised, component));
  if (row !== undefined) return row;
  if (component !== "" && schedule.rows.has(normalised)) {
    const global = schedule.rows.get(normalised)!;
    throw new NotFoundError(
      `${normalised} has no -${component} row in the ${schedule.year} fee schedule (PC/TC indicator ${global.pcTcIndicator}: the code is not split into professional and technical components)`,
    );
  }
  throw new NotFoundError(
    `${normalised} is not in the ${schedule.year} Medicare fee schedule (${schedule.rvuSource.file})`,
  );
}

/** The PE RVU for a setting; `NotPricedError` when the file marks that setting NA. */
export function peFor(row: PfsRow, setting: "facility" | "nonfacility", year: number): number {
  const pe = setting === "facility" ? row.facilityPeRvu : row.nonFacilityPeRvu;
  if (pe === null) {
    const key = row.modifier === "" ? row.code : `${row.code}-${row.modifier}`;
    const hint =
      row.pcTcIndicator === "1" && row.modifier === "" && setting === "facility"
        ? "; in a facility the practitioner bills the professional component (-26)"
        : "";
    throw new NotPricedError(
      `${key} has no ${setting === "facility" ? "facility" : "non-facility"} price in ${year}: the RVU file marks that setting NA (rarely or never performed there)${hint}`,
    );
  }
  return pe;
}

/** The conversion factor for a year and QP status, with its kind. */
export function conversionFactorFor(
  schedule: FeeScheduleYear,
  qp: boolean,
): { value: number; kind: MedicareAmount["conversionFactorKind"] } {
  if (schedule.qpConversionFactor === undefined) {
    return { value: schedule.conversionFactor, kind: "single" };
  }
  return qp
    ? { value: schedule.qpConversionFactor, kind: "qp" }
    : { value: schedule.conversionFactor, kind: "non-qp" };
}

/** Percent of one procedure's amount paid for a modifier-50 line, by bilateral indicator. */
export function bilateralPercent(indicator: string): { percent: number; note: string } {
  switch (indicator) {
    case "1":
      return {
        percent: 150,
        note: "bilateral indicator 1: modifier 50 pays 150 % of the single-procedure amount",
      };
    case "3":
      return { percent: 200, note: "bilateral indicator 3: each side paid in full (200 %)" };
    case "2":
      return {
        percent: 100,
        note: "bilateral indicator 2: the code is already bilateral; modifier 50 adds nothing (100 %)",
      };
    default:
      return {
        percent: 100,
        note: `bilateral indicator ${indicator}: the 150 % bilateral rule does not apply; paid at 100 %`,
      };
  }
}

/**
 * The Medicare PFS amount for one code: [(W × GW) + (PE × GPE) + (MP × GMP)] × CF, rounded to
 * the cent; national when no locality is given (GPCIs 1.000, i.e. total RVUs × CF). Modifier 26
 * or TC prices that component's row; modifier 50 applies the bilateral indicator. Throws
 * `NotFoundError` for a code (or component, or setting) not in that year's file, and
 * `DataMissingError` for a locality in a year without GPCIs.
 */
export function medicareAmount(ref: ReferenceData, query: MedicareQuery): MedicareAmount {
  const schedule = feeScheduleFor(ref, query.year);
  const modifiers = (query.modifiers ?? [])
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m !== "");
  const component = componentOf(modifiers);
  const row = pfsRowFor(schedule, query.code, component);
  const pe = peFor(row, query.setting, query.year);
  const gpciRow = query.locality === undefined ? null : gpciFor(schedule, query.locality);
  const cf = conversionFactorFor(schedule, query.qp === true);
  const rvus = { work: row.workRvu, pe, mp: row.mpRvu };
  const gpci = gpciRow === null ? null : { work: gpciRow.work, pe: gpciRow.pe, mp: gpciRow.mp };
  const baseAmount = feeScheduleAmount(rvus, gpci ?? { work: 1, pe: 1, mp: 1 }, cf.value);
  const notes: string[] = [];
  const status = pfsStatusRule(row.status);
  if (status.note !== null) notes.push(`${status.note} (${PFS_STATUS_SOURCE})`);
  if (query.qp === true && cf.kind === "single") {
    notes.push(`${query.year} has a single conversion factor; QP status does not change it`);
  }
  let percent = 100;
  if (modifiers.includes("50")) {
    const bilateral = bilateralPercent(row.bilateralIndicator);
    percent = bilateral.percent;
    notes.push(bilateral.note);
  }
  const ignored = modifiers.filter((m) => !["26", "TC", "50"].includes(m));
  if (ignored.length > 0) {
    notes.push(`modifier(s) ${ignored.join(", ")} do not change the fee schedule amount`);
  }
  const source =
    `${schedule.rvuSource.file}, edition ${schedule.rvuSource.edition}` +
    (gpciRow === null
      ? "; national (GPCIs 1.000)"
      : `; ${schedule.gpciSource?.file ?? "GPCI file"}, edition ${schedule.gpciSource?.edition ?? "?"}`) +
    (cf.kind === "qp" ? `; QP conversion factor ${cf.value}` : "");
  return {
    code: row.code,
    componentModifier: component,
    year: query.year,
    setting: query.setting,
    locality: gpciRow?.macLocality ?? null,
    localityName: gpciRow?.name ?? null,
    state: gpciRow?.state ?? null,
    rvus: { ...rvus, total: Math.round((rvus.work + rvus.pe + rvus.mp) * 100) / 100 },
    gpci,
    conversionFactor: cf.value,
    conversionFactorKind: cf.kind,
    baseAmount,
    amount:
      status.payment !== "paid" ? 0 : percent === 100 ? baseAmount : percentOf(baseAmount, percent),
    payment: status.payment,
    percentOfBase: percent,
    indicators: indicatorsOf(row),
    notes,
    source,
  };
}

/** The row's payment indicators under their plain names. */
export function indicatorsOf(row: PfsRow): PfsIndicators {
  const indicators: PfsIndicators = {
    status: row.status,
    pcTc: row.pcTcIndicator,
    globalDays: row.globalDays,
    multipleProcedure: row.multipleProcedureIndicator,
    bilateral: row.bilateralIndicator,
    assistant: row.assistantIndicator,
    coSurgeon: row.coSurgeonIndicator,
    team: row.teamIndicator,
  };
  if (row.pricingIndicator !== undefined) indicators.pricing = row.pricingIndicator;
  return indicators;
}

import type { AocRow, PtpRow } from "../../sources/reference/parse-ncci.js";
import type { LocalityCountyRow } from "../../sources/reference/parse-locality-county.js";
import type { PosRow } from "../../sources/reference/parse-pos.js";
import type { TaxonomyRow } from "../../sources/reference/parse-taxonomy.js";
import { QP_CONVERSION_FACTORS } from "./conversion-factors.js";
import type {
  FeeScheduleYear,
  GpciRow,
  MueEdit,
  NcciTables,
  PfsRow,
  PtpEdit,
  ReferenceData,
  ReferenceSource,
} from "./reference-types.js";

/** Key of a PFS row in `FeeScheduleYear.rows`: the code alone, or "code-modifier" ("77003-26"). */
export function pfsKey(code: string, modifier: string): string {
  return modifier === "" ? code : `${code}-${modifier}`;
}

/** One year's fee schedule from its RVU rows and (if any) GPCIs; the QP factor is attached where known. */
export function buildFeeScheduleYear(
  year: number,
  conversionFactor: number,
  rows: Iterable<PfsRow>,
  rvuSource: ReferenceSource,
  gpci: { rows: readonly GpciRow[]; source: ReferenceSource } | null,
): FeeScheduleYear {
  const byKey = new Map<string, PfsRow>();
  for (const row of rows) byKey.set(pfsKey(row.code, row.modifier), row);
  const qp = QP_CONVERSION_FACTORS.get(year);
  const schedule: FeeScheduleYear = {
    year,
    conversionFactor,
    rows: byKey,
    gpcis: gpci === null ? null : [...gpci.rows],
    rvuSource,
    gpciSource: gpci === null ? null : gpci.source,
  };
  if (qp !== undefined) schedule.qpConversionFactor = qp.value;
  return schedule;
}

/**
 * The NCCI lookups. PTP keeps only edits active on `asOf` (no deletion date, or one after it);
 * the AOC map collects every listed primary per add-on ("CCCCC" rows mean any primary and are
 * kept as the literal "CCCCC").
 */
export function buildNcci(
  input: {
    ptp: Iterable<PtpRow>;
    mue: Iterable<MueEdit>;
    aoc: Iterable<AocRow>;
    ptpSource: ReferenceSource;
    mueSource: ReferenceSource;
    aocSource: ReferenceSource;
  },
  asOf: string,
): NcciTables {
  const ptp = new Map<string, PtpEdit>();
  for (const edit of input.ptp) {
    if (edit.deletionDate !== null && edit.deletionDate <= asOf) continue;
    ptp.set(`${edit.column1}|${edit.column2}`, {
      column1: edit.column1,
      column2: edit.column2,
      modifierIndicator: edit.modifierIndicator,
      effectiveDate: edit.effectiveDate,
      deletionDate: edit.deletionDate,
      rationale: edit.rationale,
    });
  }
  const mue = new Map<string, MueEdit>();
  for (const edit of input.mue) mue.set(edit.code, edit);
  const addOnPrimaries = new Map<string, Set<string>>();
  for (const row of input.aoc) {
    let set = addOnPrimaries.get(row.addOnCode);
    if (set === undefined) addOnPrimaries.set(row.addOnCode, (set = new Set()));
    set.add(row.primaryCode);
  }
  return {
    addOnPrimaries,
    ptp,
    mue,
    aocSource: input.aocSource,
    ptpSource: input.ptpSource,
    mueSource: input.mueSource,
  };
}

/** State → MAC-localities, from the locality–county file and every year's GPCI rows, sorted. */
export function buildLocalitiesByState(
  counties: readonly LocalityCountyRow[],
  gpciYears: Iterable<readonly GpciRow[] | null>,
): Map<string, string[]> {
  const byState = new Map<string, Set<string>>();
  const add = (state: string, id: string): void => {
    let set = byState.get(state);
    if (set === undefined) byState.set(state, (set = new Set()));
    set.add(id);
  };
  for (const row of counties) add(row.state, row.macLocality);
  for (const rows of gpciYears) for (const row of rows ?? []) add(row.state, row.macLocality);
  return new Map(
    [...byState.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([state, ids]) => [state, [...ids].sort()]),
  );
}

/** Taxonomy lookup keyed by code. */
export function buildTaxonomies(rows: Iterable<TaxonomyRow>): ReferenceData["taxonomies"] {
  return new Map(
    [...rows].map((r) => [
      r.code,
      {
        classification: r.classification,
        specialization: r.specialization,
        displayName: r.displayName,
      },
    ]),
  );
}

/** POS lookup; "Unassigned" codes count as non-facility (they have no PFS setting). */
export function buildPlacesOfService(rows: Iterable<PosRow>): ReferenceData["placesOfService"] {
  return new Map([...rows].map((r) => [r.code, { name: r.name, facility: r.facility === true }]));
}

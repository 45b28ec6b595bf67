import { NotFoundError } from "../../errors.js";
import { feeScheduleAmount } from "../medicare/exact-amount.js";
import type {
  FeeScheduleYear,
  PfsRow,
  PtpEdit,
  ReferenceData,
} from "../reference/reference-types.js";
import { CATALOGUE, CATALOGUE_BY_CODE } from "./code-catalogue.js";
import type { CodeBundlingEdit, CodeEntry, CodePayment } from "./code-entry.js";
import { FAMILIES } from "./code-families.js";
import { indicator, maiMeaning } from "./indicator-meanings.js";
import { relatedCodesOf } from "./related-codes.js";

/** Codes whose PTP edits with a supported code are worth showing (the rest are counted only). */
const EDIT_PARTNERS = new Set<string>([
  ...CATALOGUE.map((c) => c.code),
  "76000",
  "72275",
  "01991",
  "01992",
  "99152",
  "99153",
  "99155",
  "99156",
  "99157",
  "62320",
  "62321",
  "62322",
  "62323",
  "64420",
  "64421",
]);

/**
 * The reference entry for any CPT/HCPCS code: the supported families get our curated content
 * (`curated: true`); any other code present in a loaded fee schedule gets its payment data,
 * indicators, MUE, add-on primaries and PTP edit count (`curated: false`). `NotFoundError` for a
 * code in neither.
 */
export function getCodeEntry(ref: ReferenceData, code: string): CodeEntry {
  const wanted = code.trim().toUpperCase();
  const curated = CATALOGUE_BY_CODE.get(wanted);
  const payment = paymentsOf(ref, wanted);
  if (curated === undefined && payment.length === 0) {
    throw new NotFoundError(
      `${wanted} is not in the code reference or in any loaded Medicare fee schedule (${[...ref.feeSchedules.keys()].join(", ")})`,
    );
  }
  const mue = ref.ncci.mue.get(wanted);
  const primaries = [...(ref.ncci.addOnPrimaries.get(wanted) ?? [])].sort();
  const { edits, count } = bundlingEdits(ref, wanted);
  const family = curated === undefined ? undefined : FAMILIES[curated.family];
  return {
    code: wanted,
    curated: curated !== undefined,
    description: curated?.description ?? null,
    family: family === undefined ? null : { id: family.id, name: family.name },
    region: curated?.region ?? null,
    level: curated?.level ?? null,
    kind: curated?.kind ?? (payment[0]?.globalPeriod.value === "ZZZ" ? "add-on" : null),
    allowedPrimaries: primaries.map((p) => ({
      code: p,
      description:
        p === "CCCCC" ? "any primary procedure" : (CATALOGUE_BY_CODE.get(p)?.description ?? null),
    })),
    includes: [...(curated?.includes ?? [])],
    payment,
    mue:
      mue === undefined
        ? null
        : {
            maxUnits: mue.maxUnits,
            mai: mue.mai,
            maiMeaning: maiMeaning(mue.mai),
            rationale: mue.rationale,
            source: `${ref.ncci.mueSource.file}, edition ${ref.ncci.mueSource.edition}`,
          },
    bundlingEdits: edits,
    ptpEditCount: count,
    ptpSource: `${ref.ncci.ptpSource.file}, edition ${ref.ncci.ptpSource.edition}`,
    placesOfService: (family?.places ?? []).map((p) => ({
      ...p,
      name: ref.placesOfService.get(p.pos)?.name ?? null,
    })),
    specialties: (family?.specialties ?? []).map((s) => ({
      taxonomy: s.taxonomy,
      title: ref.taxonomies.get(s.taxonomy)?.displayName ?? null,
      note: s.note ?? null,
    })),
    diagnoses: (curated === undefined || family === undefined
      ? []
      : (family.diagnoses[curated.region] ?? [])
    ).map((d) => ({
      code: d.code,
      title: ref.icd10Titles.get(d.code) ?? null,
      role: d.role,
      note: d.note ?? null,
    })),
    relatedCodes: (curated === undefined ? [] : relatedCodesOf(curated, CATALOGUE)).map((r) => ({
      ...r,
      description: CATALOGUE_BY_CODE.get(r.code)?.description ?? null,
    })),
    workflow: [...(family?.workflow ?? [])],
    documentation: [...(family?.documentation ?? [])],
    modifiers: [...(family?.modifiers ?? [])],
    notes: [...(curated?.notes ?? []), ...(family?.notes ?? [])],
    sources: [...(family?.sources ?? [])],
  };
}

function paymentsOf(ref: ReferenceData, code: string): CodePayment[] {
  const out: CodePayment[] = [];
  for (const schedule of [...ref.feeSchedules.values()].sort((a, b) => a.year - b.year)) {
    for (const modifier of ["", "26", "TC"]) {
      const row = schedule.rows.get(modifier === "" ? code : `${code}-${modifier}`);
      if (row !== undefined) out.push(paymentOf(schedule, row));
    }
  }
  return out;
}

function paymentOf(schedule: FeeScheduleYear, row: PfsRow): CodePayment {
  const national = (pe: number | null, cf: number | undefined): number | null =>
    pe === null || cf === undefined
      ? null
      : feeScheduleAmount({ work: row.workRvu, pe, mp: row.mpRvu }, { work: 1, pe: 1, mp: 1 }, cf);
  return {
    year: schedule.year,
    modifier: row.modifier,
    status: indicator("status", row.status),
    rvus: {
      work: row.workRvu,
      nonFacilityPe: row.nonFacilityPeRvu,
      facilityPe: row.facilityPeRvu,
      mp: row.mpRvu,
    },
    conversionFactor: schedule.conversionFactor,
    nationalNonFacility: national(row.nonFacilityPeRvu, schedule.conversionFactor),
    nationalFacility: national(row.facilityPeRvu, schedule.conversionFactor),
    nationalNonFacilityQp: national(row.nonFacilityPeRvu, schedule.qpConversionFactor),
    nationalFacilityQp: national(row.facilityPeRvu, schedule.qpConversionFactor),
    globalPeriod: indicator("global", row.globalDays),
    pcTc: indicator("pcTc", row.pcTcIndicator),
    multipleProcedure: indicator("mult", row.multipleProcedureIndicator),
    bilateral: indicator("bilat", row.bilateralIndicator),
    assistant: indicator("asst", row.assistantIndicator),
    coSurgeon: indicator("co", row.coSurgeonIndicator),
    team: indicator("team", row.teamIndicator),
    source: `${schedule.rvuSource.file}, edition ${schedule.rvuSource.edition}`,
  };
}

/**
 * PTP edits by the codes they name, built once per loaded edit table: a full CMS quarter holds over a
 * million pairs, and scanning them all for every code page made each lookup take the whole table.
 */
const ptpIndexes = new WeakMap<
  ReadonlyMap<string, PtpEdit>,
  ReadonlyMap<string, readonly PtpEdit[]>
>();

function ptpEditsOf(ref: ReferenceData, code: string): readonly PtpEdit[] {
  let index = ptpIndexes.get(ref.ncci.ptp);
  if (index === undefined) {
    const built = new Map<string, PtpEdit[]>();
    const add = (key: string, edit: PtpEdit): void => {
      const list = built.get(key);
      if (list === undefined) built.set(key, [edit]);
      else list.push(edit);
    };
    for (const edit of ref.ncci.ptp.values()) {
      add(edit.column1, edit);
      if (edit.column2 !== edit.column1) add(edit.column2, edit);
    }
    index = built;
    ptpIndexes.set(ref.ncci.ptp, index);
  }
  return index.get(code) ?? [];
}

function bundlingEdits(
  ref: ReferenceData,
  code: string,
): { edits: CodeBundlingEdit[]; count: number } {
  const edits: CodeBundlingEdit[] = [];
  let count = 0;
  for (const edit of ptpEditsOf(ref, code)) {
    const asColumn1 = edit.column1 === code;
    count++;
    const other = asColumn1 ? edit.column2 : edit.column1;
    if (!EDIT_PARTNERS.has(other)) continue;
    edits.push({
      code: other,
      role: asColumn1 ? "bundled-into-this" : "this-bundled-into",
      modifierIndicator: edit.modifierIndicator,
      meaning: indicator("ptp", edit.modifierIndicator).meaning,
      rationale: edit.rationale,
      effectiveDate: edit.effectiveDate,
      deletionDate: edit.deletionDate,
    });
  }
  edits.sort((a, b) => a.role.localeCompare(b.role) || a.code.localeCompare(b.code));
  return { edits, count };
}

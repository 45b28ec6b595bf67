/**
 * A small `ReferenceData` for tests of the benchmark engine and command: real CY2025 rows copied
 * from the bundled CMS files (PPRRVU2025_Oct 64490/64491, conversion factor 32.3465; GPCI2025 for
 * Alabama (one locality) and two California localities), nothing else. Not used at run time.
 */
import type {
  FeeScheduleYear,
  GpciRow,
  PfsRow,
  ReferenceData,
} from "../analyze/reference/reference-types.js";

function pfs(
  code: string,
  work: number,
  peNonFacility: number,
  peFacility: number,
  mp: number,
  bilateral: string,
): PfsRow {
  return {
    code,
    modifier: "",
    status: "A",
    workRvu: work,
    nonFacilityPeRvu: peNonFacility,
    facilityPeRvu: peFacility,
    mpRvu: mp,
    nonFacilityTotal: work + peNonFacility + mp,
    facilityTotal: work + peFacility + mp,
    pcTcIndicator: "0",
    globalDays: code === "64491" ? "ZZZ" : "000",
    multipleProcedureIndicator: code === "64491" ? "0" : "2",
    bilateralIndicator: bilateral,
    assistantIndicator: "2",
    coSurgeonIndicator: "0",
    teamIndicator: "0",
    conversionFactor: 32.3465,
  };
}

const GPCIS: GpciRow[] = [
  {
    macLocality: "10112-00",
    mac: "10112",
    locality: "00",
    state: "AL",
    name: "ALABAMA",
    work: 1,
    pe: 0.869,
    mp: 0.575,
  },
  {
    macLocality: "01182-18",
    mac: "01182",
    locality: "18",
    state: "CA",
    name: "LOS ANGELES-LONG BEACH-ANAHEIM",
    work: 1.042,
    pe: 1.194,
    mp: 0.69,
  },
  {
    macLocality: "01112-56",
    mac: "01112",
    locality: "56",
    state: "CA",
    name: "FRESNO",
    work: 1.014,
    pe: 1.093,
    mp: 0.56,
  },
];

const YEAR_2025: FeeScheduleYear = {
  year: 2025,
  conversionFactor: 32.3465,
  rows: new Map([
    ["64490", pfs("64490", 1.82, 3.77, 1.17, 0.17, "1")],
    ["64491", pfs("64491", 1.16, 1.64, 0.49, 0.13, "1")],
  ]),
  gpcis: GPCIS,
  rvuSource: { file: "PPRRVU2025_Oct_nodesc.csv (CMS RVU25D)", edition: "2025-10" },
  gpciSource: { file: "GPCI2025.csv (CMS RVU25D)", edition: "2025" },
};

/** The fixture reference data (2025 only). */
export function fixtureReferenceData(): ReferenceData {
  const empty = { file: "none (fixture)", edition: "n/a" };
  return {
    feeSchedules: new Map([[2025, YEAR_2025]]),
    localitiesByState: new Map([
      ["AL", ["10112-00"]],
      ["CA", ["01182-18", "01112-56"]],
    ]),
    ncci: {
      addOnPrimaries: new Map(),
      ptp: new Map(),
      mue: new Map(),
      aocSource: empty,
      ptpSource: empty,
      mueSource: empty,
    },
    icd10Titles: new Map(),
    taxonomies: new Map(),
    placesOfService: new Map([
      ["11", { name: "Office", facility: false }],
      ["22", { name: "On Campus-Outpatient Hospital", facility: true }],
      ["24", { name: "Ambulatory Surgical Center", facility: true }],
    ]),
    medicaid: new Map(),
    icd10Source: empty,
    taxonomySource: empty,
    posSource: empty,
  };
}

import type { DuckDBConnection } from "@duckdb/node-api";
import type { Store } from "../../store/store.js";
import { icd10Headers } from "../../sources/reference/parse-icd10.js";
import {
  buildFeeScheduleYear,
  buildLocalitiesByState,
  buildNcci,
  buildPlacesOfService,
  buildTaxonomies,
} from "./build-reference-data.js";
import type {
  FeeScheduleYear,
  GpciRow,
  MedicaidFee,
  PfsRow,
  ReferenceData,
  ReferenceSource,
} from "./reference-types.js";

type Json = Record<string, unknown>;

interface ImportRow {
  kind: string;
  edition: string;
  year: number | null;
  label: string;
  sha256: string;
  detail: string | null;
}

const str = (v: unknown): string =>
  typeof v === "string"
    ? v
    : typeof v === "number" || typeof v === "boolean" || typeof v === "bigint"
      ? String(v)
      : v === null || v === undefined
        ? ""
        : JSON.stringify(v);
const num = (v: unknown): number => (typeof v === "number" ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

async function rows(
  c: DuckDBConnection,
  sql: string,
  params: (string | number)[] = [],
): Promise<Json[]> {
  return (await c.runAndReadAll(sql, params)).getRowObjectsJson();
}

/**
 * Overlays the store's imported reference tables on the bundled data. Per kind: PFS and GPCI per
 * year (an imported year replaces or adds that year); locality, NCCI, ICD-10-CM, taxonomy, POS
 * and ZIP from the newest imported edition; Medicaid per state.
 */
export async function readStoredReference(
  store: Store,
  bundled: ReferenceData,
): Promise<ReferenceData> {
  return store.withConnection(async (c) => {
    const imports = (
      await rows(
        c,
        "SELECT kind, edition, year, label, sha256, CAST(detail AS VARCHAR) AS detail FROM ref_imports ORDER BY imported_at",
      )
    ).map((r): ImportRow => ({
      kind: str(r.kind),
      edition: str(r.edition),
      year: numOrNull(r.year),
      label: str(r.label),
      sha256: str(r.sha256),
      detail: r.detail === null ? null : str(r.detail),
    }));
    if (imports.length === 0) return bundled;
    const source = (i: ImportRow): ReferenceSource => ({
      file: i.label,
      edition: i.edition,
      sha256: i.sha256,
    });
    const newest = (kind: string): ImportRow | undefined =>
      imports
        .filter((i) => i.kind === kind)
        .sort((a, b) => a.edition.localeCompare(b.edition))
        .at(-1);

    // Fee schedules: start from the bundled years, then replace RVUs and/or GPCIs per imported year.
    const feeSchedules = new Map<number, FeeScheduleYear>(bundled.feeSchedules);
    const years = new Set(
      imports
        .filter((i) => (i.kind === "pfs" || i.kind === "gpci") && i.year !== null)
        .map((i) => i.year!),
    );
    for (const year of years) {
      const pfsImport = imports.find((i) => i.kind === "pfs" && i.year === year);
      const gpciImport = imports.find((i) => i.kind === "gpci" && i.year === year);
      const base = feeSchedules.get(year);
      let pfsRows: Iterable<PfsRow>;
      let cf: number;
      let rvuSource: ReferenceSource;
      if (pfsImport !== undefined) {
        const list = (
          await rows(c, "SELECT * FROM ref_pfs_rvu WHERE year = $1 ORDER BY line", [year])
        ).map(toPfsRow);
        pfsRows = list;
        cf =
          (JSON.parse(pfsImport.detail ?? "{}") as { conversionFactor?: number })
            .conversionFactor ??
          list[0]?.conversionFactor ??
          0;
        rvuSource = source(pfsImport);
      } else if (base !== undefined) {
        pfsRows = base.rows.values();
        cf = base.conversionFactor;
        rvuSource = base.rvuSource;
      } else {
        continue; // GPCIs for a year with no RVU file cannot price anything; kept in the store for later.
      }
      let gpci: { rows: GpciRow[]; source: ReferenceSource } | null = null;
      if (gpciImport !== undefined) {
        gpci = {
          rows: (await rows(c, "SELECT * FROM ref_gpci WHERE year = $1 ORDER BY line", [year])).map(
            toGpciRow,
          ),
          source: source(gpciImport),
        };
      } else if (base?.gpcis !== undefined && base.gpcis !== null && base.gpciSource !== null) {
        gpci = { rows: [...base.gpcis], source: base.gpciSource };
      }
      feeSchedules.set(year, buildFeeScheduleYear(year, cf, pfsRows, rvuSource, gpci));
    }

    const result: ReferenceData = { ...bundled, feeSchedules };
    const locality = newest("locality");
    if (locality !== undefined) {
      result.localityCounties = (
        await rows(c, "SELECT * FROM ref_locality_county WHERE edition = $1 ORDER BY line", [
          locality.edition,
        ])
      ).map((r) => ({
        macLocality: str(r.mac_locality),
        state: str(r.state),
        feeScheduleArea: str(r.fee_schedule_area),
        counties: str(r.counties),
      }));
    }
    result.localitiesByState = buildLocalitiesByState(
      (result.localityCounties ?? []).map((l) => ({
        ...l,
        mac: l.macLocality.slice(0, 5),
        locality: l.macLocality.slice(6),
        stateName: "",
        line: 0,
      })),
      [...feeSchedules.values()].map((y) => y.gpcis),
    );
    const zip = newest("zip");
    if (zip !== undefined) {
      result.zipLocalities = new Map(
        (
          await rows(c, "SELECT zip, mac_locality FROM ref_zip_locality WHERE edition = $1", [
            zip.edition,
          ])
        ).map((r) => [str(r.zip), str(r.mac_locality)]),
      );
    }

    const ptpImport = newest("ncci-ptp");
    const mueImport = newest("ncci-mue");
    const aocImport = newest("ncci-aoc");
    if (ptpImport !== undefined || mueImport !== undefined || aocImport !== undefined) {
      const ncci = bundled.ncci;
      const ptp =
        ptpImport === undefined
          ? [...ncci.ptp.values()]
          : (
              await rows(c, "SELECT * FROM ref_ncci_ptp WHERE edition = $1", [ptpImport.edition])
            ).map((r) => ({
              column1: str(r.column1),
              column2: str(r.column2),
              modifierIndicator: str(r.modifier_indicator) as "0" | "1" | "9",
              effectiveDate: r.effective_date === null ? null : str(r.effective_date),
              deletionDate: r.deletion_date === null ? null : str(r.deletion_date),
              rationale: str(r.rationale),
            }));
      const mue =
        mueImport === undefined
          ? [...ncci.mue.values()]
          : (
              await rows(c, "SELECT * FROM ref_ncci_mue WHERE edition = $1", [mueImport.edition])
            ).map((r) => ({
              code: str(r.code),
              maxUnits: num(r.max_units),
              mai: num(r.mai) as 1 | 2 | 3,
              rationale: str(r.rationale),
            }));
      const aoc =
        aocImport === undefined
          ? [...ncci.addOnPrimaries.entries()].flatMap(([addOnCode, primaries]) =>
              [...primaries].map((primaryCode) => ({ addOnCode, primaryCode, editType: "" })),
            )
          : (
              await rows(c, "SELECT * FROM ref_ncci_aoc WHERE edition = $1", [aocImport.edition])
            ).map((r) => ({
              addOnCode: str(r.add_on_code),
              primaryCode: str(r.primary_code),
              editType: str(r.edit_type),
            }));
      const asOf = ptpImport?.edition ?? "0000-00-00";
      result.ncci = buildNcci(
        {
          ptp,
          mue,
          aoc,
          ptpSource: ptpImport === undefined ? ncci.ptpSource : source(ptpImport),
          mueSource: mueImport === undefined ? ncci.mueSource : source(mueImport),
          aocSource: aocImport === undefined ? ncci.aocSource : source(aocImport),
        },
        /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : "0000-00-00",
      );
    }

    const icd = newest("icd10");
    if (icd !== undefined) {
      const list = await rows(c, "SELECT code, title, billable FROM ref_icd10 WHERE edition = $1", [
        icd.edition,
      ]);
      result.icd10Titles = new Map(list.map((r) => [str(r.code), str(r.title)]));
      const flagged = list.filter((r) => r.billable === false).map((r) => str(r.code));
      result.icd10Headers = list.some((r) => r.billable !== null)
        ? new Set(flagged)
        : icd10Headers(result.icd10Titles.keys());
      result.icd10Source = source(icd);
    }
    const taxonomy = newest("taxonomy");
    if (taxonomy !== undefined) {
      result.taxonomies = buildTaxonomies(
        (await rows(c, "SELECT * FROM ref_taxonomy WHERE edition = $1", [taxonomy.edition])).map(
          (r) => ({
            code: str(r.code),
            grouping: str(r.grouping),
            classification: str(r.classification),
            specialization: str(r.specialization),
            displayName: str(r.display_name),
          }),
        ),
      );
      result.taxonomySource = source(taxonomy);
    }
    const pos = newest("pos");
    if (pos !== undefined) {
      result.placesOfService = buildPlacesOfService(
        (await rows(c, "SELECT * FROM ref_pos WHERE edition = $1", [pos.edition])).map((r) => ({
          code: str(r.code),
          name: str(r.name),
          facility: r.facility === null ? null : r.facility === true,
        })),
      );
      result.posSource = source(pos);
    }

    const medicaid = new Map<string, MedicaidFee[]>();
    for (const m of imports.filter((i) => i.kind === "medicaid")) {
      const src = source(m);
      medicaid.set(
        m.edition,
        (
          await rows(c, "SELECT * FROM ref_medicaid_fee WHERE state = $1 ORDER BY line", [
            m.edition,
          ])
        ).map((r) => ({
          state: str(r.state),
          code: str(r.code),
          modifier: str(r.modifier),
          facilityAmount: numOrNull(r.facility_amount),
          nonFacilityAmount: numOrNull(r.nonfacility_amount),
          effectiveDate: str(r.effective_date),
          source: src,
        })),
      );
    }
    result.medicaid = medicaid;
    return result;
  });
}

function toPfsRow(r: Json): PfsRow {
  const row: PfsRow = {
    code: str(r.code),
    modifier: str(r.modifier),
    status: str(r.status),
    workRvu: num(r.work_rvu),
    nonFacilityPeRvu: numOrNull(r.nonfac_pe_rvu),
    facilityPeRvu: numOrNull(r.fac_pe_rvu),
    mpRvu: num(r.mp_rvu),
    nonFacilityTotal: numOrNull(r.nonfac_total),
    facilityTotal: numOrNull(r.fac_total),
    pcTcIndicator: str(r.pctc),
    globalDays: str(r.global_days),
    multipleProcedureIndicator: str(r.mult_proc),
    bilateralIndicator: str(r.bilat_surg),
    assistantIndicator: str(r.asst_surg),
    coSurgeonIndicator: str(r.co_surg),
    teamIndicator: str(r.team_surg),
    conversionFactor: num(r.conv_factor),
  };
  if (r.pricing_ind !== null && r.pricing_ind !== undefined) {
    row.pricingIndicator = str(r.pricing_ind);
  }
  return row;
}

function toGpciRow(r: Json): GpciRow {
  return {
    macLocality: str(r.mac_locality),
    mac: str(r.mac),
    locality: str(r.locality),
    state: str(r.state),
    name: str(r.name),
    work: num(r.work),
    pe: num(r.pe),
    mp: num(r.mp),
  };
}

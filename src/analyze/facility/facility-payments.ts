/**
 * Medicare's own facility payment for a code: the hospital outpatient (OPPS) rate by APC and the
 * ambulatory surgery center (ASC) rate, from the July 2026 addenda (secondary compact copies that
 * list payable codes only; see data/reference/SOURCES.md). A code absent from a file has no
 * separate payment there: an add-on code is packaged into its primary's payment (OPPS status N,
 * ASC N1); any other absent code is reported as not separately payable, never given a figure.
 */
import { join } from "node:path";
import { bundledReferenceDir } from "../reference/bundled-files.js";
import type { ReferenceSource } from "../reference/reference-types.js";
import {
  readFacilityPayments,
  type FacilityPaymentRow,
} from "../../sources/reference/parse-facility-payments.js";

/** One facility setting's Medicare payment for a code. */
export interface FacilityPayment {
  setting: "opps" | "asc";
  /** "hospital outpatient (OPPS)" or "ambulatory surgery center (ASC)". */
  label: string;
  status: "paid" | "packaged" | "not-payable";
  indicator: string | null;
  apc: string | null;
  /** National unadjusted rate; null unless paid. */
  rate: number | null;
  note: string;
  year: number;
  source: ReferenceSource;
}

const FILES = {
  opps: {
    path: "cms-opps-asc-2026q3/opps_addb_jul2026_payable_compact.csv.gz",
    label: "hospital outpatient (OPPS)",
    source: {
      file: "OPPS Addendum B, July 2026, payable codes (compact third-party copy, secondary)",
      edition: "2026-07",
      url: "https://www.cms.gov/medicare/payment/prospective-payment-systems/hospital-outpatient",
    },
  },
  asc: {
    path: "cms-opps-asc-2026q3/asc_addenda_jul2026_payable_compact.csv.gz",
    label: "ambulatory surgery center (ASC)",
    source: {
      file: "ASC addenda AA/BB, July 2026, payable codes (compact third-party copy, secondary)",
      edition: "2026-07",
      url: "https://www.cms.gov/medicare/payment/prospective-payment-systems/ambulatory-surgical-center-asc",
    },
  },
} as const;

const YEAR = 2026;
let loaded: Promise<Record<"opps" | "asc", ReadonlyMap<string, FacilityPaymentRow>>> | undefined;

async function tables(): Promise<Record<"opps" | "asc", ReadonlyMap<string, FacilityPaymentRow>>> {
  loaded ??= (async () => {
    const read = async (path: string): Promise<Map<string, FacilityPaymentRow>> => {
      const rows = new Map<string, FacilityPaymentRow>();
      for await (const row of readFacilityPayments(join(bundledReferenceDir(), path))) {
        rows.set(row.code, row);
      }
      return rows;
    };
    return { opps: await read(FILES.opps.path), asc: await read(FILES.asc.path) };
  })();
  return loaded;
}

/** The OPPS and ASC payment for `code`; `addOn` says whether the code is an add-on (packaged when absent). */
export async function facilityPaymentsFor(
  code: string,
  addOn: boolean,
): Promise<FacilityPayment[]> {
  const all = await tables();
  return (["opps", "asc"] as const).map((setting) => {
    const file = FILES[setting];
    const row = all[setting].get(code);
    const base = { setting, label: file.label, year: YEAR, source: file.source };
    if (row !== undefined) {
      const apc = setting === "opps" ? ` (APC ${row.apc ?? "?"})` : "";
      return {
        ...base,
        status: "paid",
        indicator: row.indicator,
        apc: row.apc,
        rate: row.rate,
        note: `separately paid, indicator ${row.indicator}${apc}`,
      };
    }
    if (addOn) {
      const packaged =
        setting === "opps"
          ? "status N: packaged into the primary procedure's APC payment"
          : "indicator N1: packaged into the primary procedure's ASC payment";
      return {
        ...base,
        status: "packaged",
        indicator: setting === "opps" ? "N" : "N1",
        apc: null,
        rate: null,
        note: `no separate payment (add-on code, ${packaged})`,
      };
    }
    return {
      ...base,
      status: "not-payable",
      indicator: null,
      apc: null,
      rate: null,
      note: "not in the payable list: no separate Medicare payment in this setting",
    };
  });
}

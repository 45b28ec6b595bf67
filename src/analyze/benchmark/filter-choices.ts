/**
 * `filterChoices(store, ref)`: what the benchmark filters can usefully take on this store — the
 * payers of the loaded rate files, the practice states of the loaded provider directory, the
 * markets (those states and their Medicare localities) and the settings the loaded rates apply
 * to. The explorer's pick lists and `GET /api/v1/filters` read it, so both offer only what is
 * loaded. Every query reads a small table (one row per file, term or provider).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { listValue } from "../../store/duckdb-api.js";
import { mapPayer } from "../../normalize/payers/map-payer.js";
import type { ReferenceData } from "../reference/reference-types.js";
import type { Store } from "../../store/store.js";
import { facilityClassesSql, facilityPlacesOfService } from "./facility-class.js";
import { queryRows, stringOrNull } from "./sql-rows.js";

/** One choice of a pick list: the value the filter takes and what the reader sees. */
export interface FilterChoice {
  value: string;
  label: string;
}

/** A loaded payer; synthetic payers are labelled so in the list as everywhere else. */
export interface PayerChoice extends FilterChoice {
  synthetic: boolean;
}

export interface FilterChoices {
  /** Real payers first, then synthetic ones, each by name. */
  payers: PayerChoice[];
  states: FilterChoice[];
  markets: FilterChoice[];
  settings: FilterChoice[];
}

const SETTING_LABELS: Record<string, string> = {
  facility: "facility",
  nonfacility: "non-facility",
};

/** The loaded filter values; empty lists when nothing of a kind is loaded. */
export async function filterChoices(store: Store, ref: ReferenceData): Promise<FilterChoices> {
  return store.withConnection(async (connection) => {
    const payers = await payerChoices(connection);
    const states = await stateCodes(connection);
    const settings = await settingChoices(connection, ref);
    return {
      payers,
      states: states.map((state) => ({ value: state, label: state })),
      markets: marketChoices(states, ref),
      settings,
    };
  });
}

async function payerChoices(connection: DuckDBConnection): Promise<PayerChoice[]> {
  const rows = await queryRows(
    connection,
    `SELECT DISTINCT reporting_entity_name, location, synthetic FROM source_files
     WHERE file_kind = 'in-network-rates'`,
  );
  const byKey = new Map<string, PayerChoice>();
  for (const row of rows) {
    const entity = stringOrNull(row, "reporting_entity_name");
    // The benchmark's own rule: demo files say SYNTHETIC even if a loader forgot the flag.
    const synthetic =
      row.synthetic === true ||
      /synthetic/i.test(`${stringOrNull(row, "location") ?? ""} ${entity ?? ""}`);
    const payer = mapPayer(entity).payer;
    const key = `${payer}|${synthetic}`;
    if (!byKey.has(key)) {
      byKey.set(key, {
        value: payer,
        label: synthetic ? `${payer} (synthetic)` : payer,
        synthetic,
      });
    }
  }
  return [...byKey.values()].sort(
    (a, b) => Number(a.synthetic) - Number(b.synthetic) || a.label.localeCompare(b.label),
  );
}

async function stateCodes(connection: DuckDBConnection): Promise<string[]> {
  const rows = await queryRows(
    connection,
    `SELECT DISTINCT state FROM providers WHERE state IS NOT NULL AND state <> '' ORDER BY state`,
  );
  return rows.map((row) => stringOrNull(row, "state")).filter((state) => state !== null);
}

/** Each loaded state, then its Medicare localities (named by their fee-schedule area). */
function marketChoices(states: readonly string[], ref: ReferenceData): FilterChoice[] {
  const areas = new Map(
    (ref.localityCounties ?? []).map((row) => [row.macLocality, row.feeScheduleArea]),
  );
  return states.flatMap((state) => [
    { value: `state:${state}`, label: `${state} (state)` },
    ...(ref.localitiesByState.get(state) ?? []).map((locality) => {
      const area = areas.get(locality);
      return {
        value: `locality:${locality}`,
        label: `${state} locality ${locality}${area === undefined ? "" : ` (${area})`}`,
      };
    }),
  ]);
}

/** The Medicare settings the loaded rates apply to, by the benchmark's own classification. */
async function settingChoices(
  connection: DuckDBConnection,
  ref: ReferenceData,
): Promise<FilterChoice[]> {
  const rows = await queryRows(
    connection,
    `SELECT DISTINCT unnest(${facilityClassesSql("$1::VARCHAR[]")}) AS facility_class
     FROM (SELECT DISTINCT service_codes, billing_class FROM rate_terms) r`,
    [listValue(facilityPlacesOfService(ref))],
  );
  const present = new Set(rows.map((row) => stringOrNull(row, "facility_class")));
  return Object.entries(SETTING_LABELS)
    .filter(([value]) => present.has(value))
    .map(([value, label]) => ({ value, label }));
}

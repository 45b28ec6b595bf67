import { mapPayer, payerMatches } from "../../normalize/payers/map-payer.js";
import type { Store } from "../../store/store.js";
import type { Alert } from "./alert-types.js";
import type { Watch } from "./watch-file.js";

interface MissingRow {
  location: string;
  index_location: string;
  index_sha256: string;
  reporting_entity_name: string | null;
  synthetic: boolean;
}

/**
 * Files a watched payer's index lists that the store does not hold: they failed to load, or were
 * never fetched (`--offline`, an interrupted run). The store's catalogue (`listed_files`, the
 * index's job list, beside `source_files`, what was loaded) cannot tell those apart, so the alert
 * says both; either way that payer's comparison is missing the file's rates. One alert per index.
 */
export async function failedLoadAlerts(store: Store, watch: Watch): Promise<Alert[]> {
  const rows = await store.withConnection(
    async (connection) =>
      (
        await connection.runAndReadAll(
          `SELECT l.location, i.location AS index_location, i.sha256 AS index_sha256,
             i.reporting_entity_name, i.synthetic
           FROM listed_files l JOIN source_files i ON i.file_id = l.file_id
           WHERE l.listed_kind = 'in-network'
             AND NOT EXISTS (SELECT 1 FROM source_files f WHERE f.location = l.location)
           ORDER BY i.location, l.location`,
        )
      ).getRowObjectsJson() as unknown as MissingRow[],
  );
  const byIndex = new Map<string, MissingRow[]>();
  for (const row of rows) {
    const payer = mapPayer(row.reporting_entity_name);
    if (!watch.payers.some((query) => payerMatches(payer, query))) continue;
    byIndex.set(row.index_location, [...(byIndex.get(row.index_location) ?? []), row]);
  }
  return [...byIndex.values()].map((missing): Alert => {
    const first = missing[0] as MissingRow;
    const payer = mapPayer(first.reporting_entity_name).payer;
    const shown = missing.slice(0, 3).map((row) => row.location);
    return {
      kind: "not-loaded",
      severity: "warning",
      payer,
      codes: watch.codes,
      message:
        `${payer}: ${String(missing.length)} in-network file(s) listed in ${first.index_location} are not loaded ` +
        `(failed, or not fetched): ${shown.join(", ")}${missing.length > shown.length ? ", …" : ""}; ` +
        "comparisons of this payer lack their rates",
      dollarEffect: null,
      volume: null,
      source: {
        kind: "files",
        files: [
          {
            location: first.index_location,
            sha256: first.index_sha256,
            month: null,
            synthetic: first.synthetic,
          },
        ],
      },
      synthetic: first.synthetic || watch.synthetic,
      details: { notLoaded: missing.map((row) => row.location) },
    };
  });
}

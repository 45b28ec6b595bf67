/**
 * What the changes and alerts routes and pages need: the same library calls as `ratelens changes`
 * and `ratelens alerts`, bound to a store (and, for alerts, a watch file given to the server).
 */
import { compareReleases, type CompareOptions } from "../analyze/changes/compare-releases.js";
import type { ReleaseComparison } from "../analyze/changes/change-types.js";
import { medianHistory, type MedianSeries } from "../analyze/changes/median-history.js";
import { listReleaseFiles, releasesOf, type Release } from "../analyze/releases/list-releases.js";
import { DataMissingError } from "../errors.js";
import type { AlertReport } from "../rules/alerts/alert-types.js";
import { buildAlerts } from "../rules/alerts/build-alerts.js";
import { readWatchFile } from "../rules/alerts/watch-file.js";
import { loadPolicyBook } from "../rules/policies/load-policy-book.js";
import type { Store } from "../store/store.js";

export interface ChangesServices {
  /** Payers with at least one dated release, each with its releases (oldest first). */
  payers(): Promise<{ payer: string; releases: Release[] }[]>;
  compare(options: CompareOptions): Promise<ReleaseComparison>;
  medianHistory(payer: string, codes: readonly string[] | null): Promise<MedianSeries[]>;
  /** The server's watch file run as of `today` (DataMissingError when the server has none). */
  alerts(options: { today: string; since: string }): Promise<AlertReport>;
}

export function changesServices(store: Store, watchFile: string | null): ChangesServices {
  return {
    payers: async () => {
      const files = await listReleaseFiles(store);
      const names = [...new Set(files.map((file) => file.payer.payer))].sort();
      return names
        .map((payer) => ({ payer, releases: releasesOf(files, payer) }))
        .filter((entry) => entry.releases.length > 0);
    },
    compare: (options) => compareReleases(store, { ...options, allowMarketFile: false }),
    medianHistory: (payer, codes) => medianHistory(store, payer, codes),
    alerts: async ({ today, since }) => {
      if (watchFile === null) {
        throw new DataMissingError(
          "this server has no watch file: start it with ratelens serve --watch FILE (see data/samples/watch.synthetic.json)",
        );
      }
      const watch = await readWatchFile(watchFile);
      return buildAlerts(store, await loadPolicyBook(), watch, { today, since, watchFile });
    },
  };
}

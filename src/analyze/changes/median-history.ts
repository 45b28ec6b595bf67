import { NotFoundError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import { filesAsOf, listReleaseFiles, releasesOf } from "../releases/list-releases.js";
import { codeHash, codeNames } from "./rate-keys.js";
import { releaseKeysOf } from "./release-keys.js";

/** One point of a code's median rate over time: the release month and what the median rests on. */
export interface MedianPoint {
  readonly month: string;
  /** Median over providers (code × provider × class × setting × modifier keys) of their dollar rate. */
  readonly median: number;
  /** How many keys (providers) with a dollar rate the median is taken over. */
  readonly keys: number;
  /** The files in force that month (`filesAsOf`), for the methods note. */
  readonly fileIds: readonly number[];
}

/** A code's median dollar rate in each release of one payer, oldest first. */
export interface MedianSeries {
  readonly billingCode: string;
  readonly points: readonly MedianPoint[];
}

/**
 * Each code's median dollar rate in every release of a payer, computed as `compareReleases`
 * computes its `oldMedianRate`/`newMedianRate` (one representative dollar rate per key, the median
 * of its rates, then the median over keys), so the chart and the changes table agree. A month
 * reads the files in force then (`filesAsOf`: a plan not republished carries forward). Reads the
 * kept comparison keys, so a page of many months costs little once they are computed.
 */
export async function medianHistory(
  store: Store,
  payer: string,
  codes: readonly string[] | null = null,
): Promise<MedianSeries[]> {
  const all = await listReleaseFiles(store);
  const releases = releasesOf(all, payer);
  if (releases.length === 0) {
    throw new NotFoundError(`no dated releases of payer "${payer}" are loaded`);
  }
  const byCode = new Map<string, MedianPoint[]>();
  await store.withConnection(async (connection) => {
    for (const release of releases) {
      const fileIds = filesAsOf(all, payer, release.month).map((file) => file.fileId);
      const codeFilter =
        codes === null || codes.length === 0
          ? ""
          : `AND code IN (${codes.map((_, i) => codeHash(`$${String(i + 1)}::VARCHAR`)).join(", ")})`;
      const keys = await releaseKeysOf(connection, fileIds, store.folder, codeFilter);
      // A key counts in dollars only when dollars are its best unit (ur 0), as in the comparison.
      const rows = (
        await connection.runAndReadAll(
          `SELECT c.billing_code, median(amount) AS median, count(*)::BIGINT AS keys
           FROM ${keys} JOIN ${codeNames(fileIds)} c ON c.code_hash = code
           WHERE k IS NOT NULL AND ur = 0 GROUP BY c.billing_code ORDER BY c.billing_code`,
          [...(codes ?? [])],
        )
      ).getRowObjectsJson();
      for (const row of rows) {
        const code = typeof row.billing_code === "string" ? row.billing_code : "";
        const points = byCode.get(code) ?? [];
        points.push({
          month: release.month,
          median: Number(row.median),
          keys: Number(row.keys),
          fileIds,
        });
        byCode.set(code, points);
      }
    }
  });
  return [...byCode.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([billingCode, points]) => ({ billingCode, points }));
}

import { DataMissingError, NotFoundError, UsageError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import {
  filesAsOf,
  listReleaseFiles,
  payerFiles,
  releasesOf,
  undatedFiles,
  type ReleaseFile,
} from "../releases/list-releases.js";
import { loadMarketGeography } from "../markets/market-geography.js";
import { parseMarket } from "../markets/parse-market.js";
import { resolveMarket, type ResolvedMarket } from "../markets/resolve-market.js";
import { isMonth } from "../releases/release-month.js";
import type { ComparedFile, ReleaseComparison } from "./change-types.js";
import {
  diffRateSets,
  dropRateChanges,
  readRateChanges,
  summarizeRateChanges,
} from "./diff-rate-sets.js";

/** What to compare: a payer's release `from` against `to` (default: the last two). */
export interface CompareOptions {
  readonly payer: string;
  readonly from?: string;
  readonly to?: string;
  readonly codes?: readonly string[];
  /** A market (`parseMarket` syntax: state:MD, cbsa:12580, zip:21201,…): only its providers. */
  readonly market?: string;
  /** False where reading a server-side market file makes no sense (HTTP). */
  readonly allowMarketFile?: boolean;
  /** Most change rows to list (the summary counts all); unset = all. */
  readonly limit?: number;
}

/** The market to compare in; null for none or national (every provider). */
async function marketOf(
  raw: string | undefined,
  allowFile: boolean,
): Promise<ResolvedMarket | null> {
  if (raw === undefined || raw.trim() === "") return null;
  const spec = parseMarket(raw, { allowFile });
  return spec.kind === "national" ? null : resolveMarket(spec, await loadMarketGeography());
}

function compared(file: ReleaseFile): ComparedFile {
  return {
    fileId: file.fileId,
    location: file.location,
    sha256: file.sha256,
    plan: file.plan,
    month: file.month,
    monthSource: file.monthSource,
    synthetic: file.synthetic,
  };
}

function checkMonth(flag: string, value: string | undefined): void {
  if (value !== undefined && !isMonth(value)) {
    throw new UsageError(`--${flag} ${value}: expected YYYY-MM`);
  }
}

/** Picks the two months: as given, else `to` = the latest release and `from` = the one before it. */
function pickMonths(
  months: readonly string[],
  options: CompareOptions,
): { from: string; to: string } {
  const to = options.to ?? months.at(-1);
  if (to === undefined) {
    throw new DataMissingError(`no dated releases of ${options.payer} are loaded`);
  }
  const from = options.from ?? [...months].reverse().find((month) => month < to);
  if (from === undefined) {
    throw new DataMissingError(
      `only one release of ${options.payer} is loaded (${to}); load another month to compare`,
    );
  }
  if (from >= to) throw new UsageError(`--from ${from} must be before --to ${to}`);
  return { from, to };
}

/**
 * Compares a payer's rates as of two release months (`filesAsOf`: each plan's latest file on or
 * before the month), in DuckDB: rates added, dropped, changed and changed in type, per code ×
 * provider × billing class × setting × modifier, with a per-code summary.
 */
export async function compareReleases(
  store: Store,
  options: CompareOptions,
): Promise<ReleaseComparison> {
  checkMonth("from", options.from);
  checkMonth("to", options.to);
  const all = await listReleaseFiles(store);
  const mine = payerFiles(all, options.payer);
  if (mine.length === 0) {
    throw new NotFoundError(
      `no in-network files of payer "${options.payer}" are loaded (ratelens files lists them)`,
    );
  }
  const releases = releasesOf(all, options.payer);
  const { from, to } = pickMonths(
    releases.map((release) => release.month),
    options,
  );
  const fromFiles = filesAsOf(all, options.payer, from);
  const toFiles = filesAsOf(all, options.payer, to);
  if (fromFiles.length === 0) {
    throw new DataMissingError(`${options.payer} has no release on or before ${from}`);
  }
  const market = await marketOf(options.market, options.allowMarketFile ?? true);
  const codes =
    options.codes === undefined || options.codes.length === 0 ? null : [...options.codes];
  const result = await store.withConnection(async (connection) => {
    try {
      const unresolved = await diffRateSets(
        connection,
        fromFiles.map((file) => file.fileId),
        toFiles.map((file) => file.fileId),
        codes,
        {
          ...(store.folder === undefined ? {} : { storeFolder: store.folder }),
          ...(market === null || market.zips === null ? {} : { marketZips: market.zips }),
        },
      );
      const summary = await summarizeRateChanges(connection);
      const { changes, total } = await readRateChanges(connection, options.limit ?? null);
      return { unresolved, summary, changes, total };
    } finally {
      await dropRateChanges(connection);
    }
  });
  const used = [...fromFiles, ...toFiles];
  return {
    payer: mine[0]?.payer.payer ?? options.payer,
    from,
    to,
    codes,
    market: market === null ? null : { spec: market.spec, label: market.label },
    files: { from: fromFiles.map(compared), to: toFiles.map(compared) },
    undatedFiles: undatedFiles(all, options.payer).map(compared),
    synthetic: used.some((file) => file.synthetic),
    summary: result.summary,
    changes: result.changes,
    changesLeftOut: result.total - result.changes.length,
    unresolvedRates: { from: result.unresolved.unresolvedOld, to: result.unresolved.unresolvedNew },
  };
}

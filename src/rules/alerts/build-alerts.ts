import { compareReleases } from "../../analyze/changes/compare-releases.js";
import type { ReleaseComparison } from "../../analyze/changes/change-types.js";
import { formatUsd } from "../../analyze/money.js";
import { DataMissingError, NotFoundError } from "../../errors.js";
import type { Store } from "../../store/store.js";
import type { PolicyBook } from "../policies/policy-types.js";
import type { Alert, AlertReport, AlertSource } from "./alert-types.js";
import { failedLoadAlerts } from "./failed-load-alerts.js";
import { policyAlerts, type UnitPrice } from "./policy-alerts.js";
import type { Watch } from "./watch-file.js";

/** When the run happens and what counts as new. */
export interface AlertOptions {
  /** YYYY-MM-DD; policy versions after it and on or before `today` are "in effect" alerts. */
  readonly since: string;
  readonly today: string;
  readonly watchFile: string;
}

function filesSource(result: ReleaseComparison): AlertSource {
  const files = [...result.files.from, ...result.files.to];
  const unique = [...new Map(files.map((file) => [file.fileId, file])).values()];
  return {
    kind: "files",
    files: unique.map((file) => ({
      location: file.location,
      sha256: file.sha256,
      month: file.month,
      synthetic: file.synthetic,
    })),
  };
}

/** Says when the median moved partly because rates came, went or changed type, not only because they changed. */
function mixNote(summary: ReleaseComparison["summary"][number]): string {
  const parts = [
    summary.added > 0 ? `${String(summary.added)} added` : "",
    summary.dropped > 0 ? `${String(summary.dropped)} dropped` : "",
    summary.rateTypeChanged > 0 ? `${String(summary.rateTypeChanged)} changed type` : "",
  ].filter((part) => part !== "");
  return parts.length === 0 ? "" : ` (the mix of dollar rates changed too: ${parts.join(", ")})`;
}

const pct = (value: number): string => `${value > 0 ? "+" : ""}${value.toFixed(1)} %`;

/** Rate alerts for one payer: median moves and shares changed above the thresholds, rate-type changes. */
function rateAlerts(result: ReleaseComparison, watch: Watch): Alert[] {
  const alerts: Alert[] = [];
  const source = filesSource(result);
  const synthetic = result.synthetic || watch.synthetic;
  const span = `${result.from} → ${result.to}`;
  for (const summary of result.summary) {
    const volume = watch.volumes[summary.billingCode] ?? null;
    const { oldMedianRate: before, newMedianRate: after } = summary;
    if (before !== null && after !== null && before > 0) {
      const move = (100 * (after - before)) / before;
      if (Math.abs(move) > watch.thresholds.medianMovePercent) {
        const dollarEffect = volume === null ? null : volume * (after - before);
        alerts.push({
          kind: "rate-move",
          severity: "warning",
          payer: result.payer,
          codes: [summary.billingCode],
          message:
            `${result.payer} ${summary.billingCode}: median rate ${formatUsd(before)} → ${formatUsd(after)} (${pct(move)}) ${span}, ` +
            `threshold ${String(watch.thresholds.medianMovePercent)} %` +
            (dollarEffect === null
              ? ""
              : `; ${formatUsd(dollarEffect)} a year on ${String(volume)} units`) +
            mixNote(summary),
          dollarEffect,
          volume,
          source,
          synthetic,
          details: { summary },
        });
      }
    }
    const share = watch.thresholds.shareChanged;
    if (share !== undefined && summary.shareChanged !== null && summary.shareChanged > share) {
      // No dollar figure: which provider the user is, the watch does not say (the rate-move alert has dollars).
      const dollarEffect = null;
      alerts.push({
        kind: "providers-changed",
        severity: "info",
        payer: result.payer,
        codes: [summary.billingCode],
        message: `${result.payer} ${summary.billingCode}: ${(summary.shareChanged * 100).toFixed(1)} % of providers' rates changed ${span} (${String(summary.increases)} up, ${String(summary.decreases)} down)`,
        dollarEffect,
        volume,
        source,
        synthetic,
        details: { summary },
      });
    }
    if (summary.rateTypeChanged > 0) {
      const examples = result.changes
        .filter((c) => c.kind === "rate-type" && c.billingCode === summary.billingCode)
        .slice(0, 1);
      const what =
        examples[0] === undefined
          ? ""
          : ` (${examples[0].oldType ?? "?"} → ${examples[0].newType ?? "?"})`;
      alerts.push({
        kind: "rate-type",
        severity: "warning",
        payer: result.payer,
        codes: [summary.billingCode],
        message: `${result.payer} ${summary.billingCode}: ${String(summary.rateTypeChanged)} rates changed type${what} ${span}: not a dollar change, review the contract terms`,
        dollarEffect: null,
        volume,
        source,
        synthetic,
      });
    }
  }
  return alerts;
}

/**
 * Runs a watch: for each payer, its latest release against the one before (`compareReleases`),
 * then the policy versions of the watched policies due soon or newly in effect. A payer without
 * two releases gives an info alert saying so, not a failure.
 */
export async function buildAlerts(
  store: Store,
  book: PolicyBook,
  watch: Watch,
  options: AlertOptions,
): Promise<AlertReport> {
  const alerts: Alert[] = [];
  const prices = new Map<string, UnitPrice>();
  for (const [code, amount] of Object.entries(watch.fees)) {
    prices.set(code, { amount, source: "your fee schedule (watch file)" });
  }
  for (const payer of watch.payers) {
    try {
      const result = await compareReleases(store, { payer, codes: watch.codes, limit: 1000 });
      alerts.push(...rateAlerts(result, watch));
      for (const summary of result.summary) {
        if (summary.newMedianRate !== null && !prices.has(summary.billingCode)) {
          prices.set(summary.billingCode, {
            amount: summary.newMedianRate,
            source: `${result.payer}'s median rate of ${result.to}`,
          });
        }
      }
    } catch (error) {
      if (!(error instanceof NotFoundError) && !(error instanceof DataMissingError)) throw error;
      alerts.push({
        kind: "no-comparison",
        severity: "info",
        payer,
        codes: watch.codes,
        message: `${payer}: no comparison (${error.message})`,
        dollarEffect: null,
        volume: null,
        source: { kind: "files", files: [] },
        synthetic: watch.synthetic,
      });
    }
  }
  alerts.push(...(await failedLoadAlerts(store, watch)));
  alerts.push(...policyAlerts(book, watch, options.since, options.today, watch.synthetic, prices));
  return { generatedOn: options.today, since: options.since, watchFile: options.watchFile, alerts };
}

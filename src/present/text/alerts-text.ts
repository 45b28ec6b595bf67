import { formatUsd } from "../../analyze/money.js";
import type { Alert, AlertReport } from "../../rules/alerts/alert-types.js";

function sourceText(alert: Alert): string {
  const source = alert.source;
  if (source.kind === "policy") {
    return `policy ${source.payer} effective ${source.effective} (${source.evidence}): ${source.title}${source.url === null ? "" : ` ${source.url}`}`;
  }
  if (source.files.length === 0) return "no files";
  return source.files
    .map(
      (file) =>
        `${file.location} (${file.month ?? "month unknown"}, sha256 ${file.sha256.slice(0, 12)}…${file.synthetic ? ", SYNTHETIC" : ""})`,
    )
    .join("\n              ");
}

/** The alerts for a terminal: one block each, warnings first, with source and dollar effect. */
export function formatAlertsText(report: AlertReport): string {
  const lines = [
    `Alerts from ${report.watchFile}, ${report.generatedOn} (policy changes since ${report.since}): ${String(report.alerts.length)}`,
  ];
  const ordered = [...report.alerts].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === "warning" ? -1 : 1,
  );
  for (const alert of ordered) {
    lines.push(
      "",
      `${alert.severity === "warning" ? "!" : "i"} [${alert.kind}]${alert.synthetic ? " [SYNTHETIC]" : ""} ${alert.message}`,
    );
    if (alert.dollarEffect !== null) {
      lines.push(
        `    dollar effect: ${formatUsd(alert.dollarEffect)} a year (volume ${String(alert.volume)} from the watch file)`,
      );
    }
    lines.push(`    source:   ${sourceText(alert)}`);
  }
  if (report.alerts.length === 0) lines.push("", "nothing to report");
  return `${lines.join("\n")}\n`;
}

import type { Release, ReleaseFile } from "../../analyze/releases/list-releases.js";

function fileLine(file: ReleaseFile): string {
  const month = file.month === null ? "month unknown" : `month from ${file.monthSource}`;
  return `    #${String(file.fileId)} ${file.location}\n       plan ${file.plan} (from ${file.planSource}) · ${month} · ${file.rates.toLocaleString("en-US")} rates · sha256 ${file.sha256.slice(0, 12)}…${file.synthetic ? " · SYNTHETIC" : ""}`;
}

/** A payer's releases for a terminal: month, plans, files (with where the month came from). */
export function formatReleasesText(
  payer: string,
  releases: readonly Release[],
  undated: readonly ReleaseFile[],
): string {
  const lines = [`Releases of ${payer}: ${String(releases.length)}`];
  for (const release of releases) {
    lines.push(
      "",
      `  ${release.month}: ${String(release.files.length)} file(s), ${String(release.plans.length)} plan(s), ${release.rates.toLocaleString("en-US")} rates${release.synthetic ? " [SYNTHETIC]" : ""}`,
    );
    lines.push(...release.files.map(fileLine));
  }
  if (undated.length > 0) {
    lines.push(
      "",
      "  Undated (no month in last_updated_on, the index or the file name; never compared):",
      ...undated.map(fileLine),
    );
  }
  return `${lines.join("\n")}\n`;
}

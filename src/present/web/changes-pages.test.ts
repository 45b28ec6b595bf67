import { describe, expect, it } from "vitest";
import type { Release, ReleaseFile } from "../../analyze/releases/list-releases.js";
import type { MonthSource } from "../../analyze/releases/release-month.js";
import { mapPayer } from "../../normalize/payers/map-payer.js";
import { releaseMonthLabel, renderPayerPage, renderPayersPage } from "./changes-pages.js";

const PAYER = "Acme Health (SYNTHETIC)";

function file(
  fileId: number,
  month: string,
  monthSource: MonthSource,
  lastUpdatedOn: string | null,
): ReleaseFile {
  return {
    fileId,
    location: `files/${month}_acme-ppo_in-network-rates.json.gz`,
    sha256: `sha-${String(fileId)}`,
    reportingEntityName: PAYER,
    payer: mapPayer(PAYER),
    plan: "Acme PPO",
    planSource: "plan fields",
    month,
    monthSource,
    rates: 10,
    synthetic: true,
    lastUpdatedOn,
    ingestedAt: "2026-12-01 00:00:00",
  };
}

function release(month: string, files: ReleaseFile[]): Release {
  return { payer: PAYER, month, files, plans: ["Acme PPO"], rates: 10, synthetic: true };
}

describe("/payers and the payer page: release months", () => {
  // The defect: the payer listing showed a file's last_updated_on where it should show the release
  // month, and never said where the month came from.
  const releases = [
    release("2026-03", [file(1, "2026-03", "index", null)]),
    release("2026-04", [file(2, "2026-04", "file-name", null)]),
    release("2026-05", [file(3, "2026-05", "last_updated_on", "2026-05-17")]),
  ];

  it("shows each release month with where it came from, not last_updated_on", () => {
    expect(releases.map(releaseMonthLabel)).toEqual([
      "2026-03 (index date)",
      "2026-04 (file name)",
      "2026-05 (last_updated_on)",
    ]);
    const index = renderPayersPage([{ payer: PAYER, releases }]);
    expect(index).toContain(
      "2026-03 (index date), 2026-04 (file name), 2026-05 (last_updated_on) [SYNTHETIC]",
    );
    expect(index).not.toContain("2026-05-17");
    const page = renderPayerPage({
      payer: PAYER,
      releases,
      comparison: null,
      noComparison: "test",
      history: [],
    });
    expect(page).toContain("2026-04 (file name): 1 file(s)");
    expect(page).not.toContain("2026-05-17");
  });

  it("names every source of a release whose files were dated differently", () => {
    const mixed = release("2026-06", [
      file(4, "2026-06", "last_updated_on", "2026-06-01"),
      file(5, "2026-06", "file-name", null),
    ]);
    expect(releaseMonthLabel(mixed)).toBe("2026-06 (file name, last_updated_on)");
  });
});

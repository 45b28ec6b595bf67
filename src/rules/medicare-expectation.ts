import { gpciFor } from "../analyze/medicare/medicare-amount.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import type { ClaimReport } from "./check-and-price.js";

/** One priced claim line as the web checker and the API show it. */
export interface ExpectedLine {
  /** 1-based line number on the claim, as findings count lines. */
  line: number;
  code: string;
  modifiers: string[];
  /** Allowed amount in dollars; null when the Medicare contractor prices the code (status C). */
  allowed: number | null;
  /** The steps behind the amount (fee schedule amount, bilateral, multiple-procedure rule). */
  explanation: string[];
}

/**
 * A claim's expected Medicare allowed amount in a shape that can be sent as JSON and rendered:
 * either priced (with the fee-schedule year, setting and locality named, and the source files)
 * or not priced with the reason. Built from `checkAndPrice`, the function `ratelens check` prints.
 */
export type MedicareExpectation =
  | {
      status: "priced";
      year: number;
      setting: "facility" | "nonfacility";
      /** MAC locality (e.g. "01182-18"); null when priced nationally (GPCIs 1.000). */
      locality: string | null;
      localityName: string | null;
      /** "Medicare PFS 2025, non-facility, national (GPCIs 1.000)": what the amount is, in words. */
      basis: string;
      total: number;
      /** True when a line's price is left to the contractor, so the total is a lower bound. */
      contractorPriced: boolean;
      lines: ExpectedLine[];
      /** Lines left out (expected denials, codes not in the schedule) and other caveats. */
      notes: string[];
      /** The RVU/GPCI files and editions the amounts come from. */
      source: string;
    }
  | { status: "not-priced"; reason: string };

/** The expectation of one checked claim (see `MedicareExpectation`). */
export function medicareExpectation(ref: ReferenceData, report: ClaimReport): MedicareExpectation {
  const expected = report.expectedMedicare;
  if ("unavailable" in expected) return { status: "not-priced", reason: expected.unavailable };
  const lines: ExpectedLine[] = [];
  let source = "";
  let locality: string | null = null;
  for (const day of expected.days) {
    source = day.priced.source;
    locality ??= day.priced.locality;
    day.priced.lines.forEach((line, i) => {
      lines.push({
        line: day.claimLineIndexes[i]! + 1,
        code: line.code,
        modifiers: line.modifiers,
        allowed: line.unpriced === undefined ? line.allowed : null,
        explanation: line.explanation,
      });
    });
  }
  locality ??= expected.locality;
  const localityName = locality === null ? null : localityNameOf(ref, expected.year, locality);
  const where =
    locality === null
      ? "national (GPCIs 1.000)"
      : `locality ${locality}${localityName === null ? "" : ` (${localityName})`}`;
  const setting = expected.setting === "facility" ? "facility" : "non-facility";
  if (lines.length === 0) {
    return {
      status: "not-priced",
      reason:
        expected.notes.length > 0
          ? `no line could be priced: ${expected.notes.join("; ")}`
          : "the claim has no service lines to price",
    };
  }
  return {
    status: "priced",
    year: expected.year,
    setting: expected.setting,
    locality,
    localityName,
    basis: `Medicare PFS ${expected.year}, ${setting}, ${where}`,
    total: expected.total,
    contractorPriced: lines.some((line) => line.allowed === null),
    lines,
    notes: expected.notes,
    source,
  };
}

function localityNameOf(ref: ReferenceData, year: number, locality: string): string | null {
  const schedule = ref.feeSchedules.get(year);
  if (schedule === undefined) return null;
  try {
    return gpciFor(schedule, locality).name;
  } catch {
    // Pricing already accepted this locality; a name is a nicety, not worth failing over.
    return null;
  }
}

/**
 * The `/api/v1/medicare/{code}` answer: the Medicare amount for each requested setting (national
 * or for one locality, with modifiers 26/TC/50 applied as the CLI does), plus the spread across
 * localities when the year has GPCIs.
 */
import {
  localityDistribution,
  type LocalityDistribution,
} from "../analyze/medicare/locality-distribution.js";
import { medicareAmount, type MedicareAmount } from "../analyze/medicare/medicare-amount.js";
import { medicareQuote } from "../analyze/medicare/medicare-quote.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { defaultMedicareYear } from "../analyze/medicare/default-medicare-year.js";

/** Medicare query parameters as the API receives them. */
export interface MedicareQuery {
  code: string;
  year?: number;
  /** MAC locality, e.g. "12102-01" (or a state code where the pricing module accepts one). */
  locality?: string;
  setting?: "facility" | "nonfacility";
  /** "26" / "TC" price the component row, "50" applies the bilateral rule (as `ratelens medicare --modifier`). */
  modifiers?: string[];
}

/** One setting's answer. `localities` is null when the year has no GPCI file (said in `note`). */
export interface MedicareAnswerRow {
  amount: MedicareAmount;
  /** From the one Medicare query (`medicareQuote`, as `ratelens medicare`): priced or not, and why. */
  status?: "priced" | "not-priced";
  message?: string;
  notes?: string[];
  localities: Omit<LocalityDistribution, "byLocality"> | null;
  note?: string;
}

/** The answer: the code, the year, the modifiers applied and one row per setting. */
export interface MedicareAnswer {
  code: string;
  year: number;
  modifiers: string[];
  rows: MedicareAnswerRow[];
}

/** The answer for every requested setting (both when none is given). */
export function medicareAnswer(ref: ReferenceData, query: MedicareQuery): MedicareAnswer {
  const modifiers = query.modifiers ?? [];
  const year = query.year ?? defaultMedicareYear(ref);
  const settings =
    query.setting === undefined ? (["nonfacility", "facility"] as const) : [query.setting];
  const rows = settings.map((setting): MedicareAnswerRow => {
    const request = {
      code: query.code,
      year,
      setting,
      modifiers,
      ...(query.locality === undefined ? {} : { locality: query.locality }),
    };
    const quote = medicareQuote(ref, request);
    // A quote without any amount (setting NA, no GPCIs) fails as the amount itself does.
    const amount = quote.amount ?? medicareAmount(ref, request);
    const verdict =
      quote.kind === "priced"
        ? { status: "priced" as const, notes: quote.notes }
        : { status: "not-priced" as const, message: quote.message, notes: quote.notes };
    const distribution = localityDistribution(ref, { code: query.code, year, setting, modifiers });
    if (distribution === null) {
      return {
        amount,
        ...verdict,
        localities: null,
        note: `No ${year} GPCI file is loaded: only the national amount is given.`,
      };
    }
    return {
      amount,
      ...verdict,
      localities: {
        national: distribution.national,
        stats: distribution.stats,
        source: distribution.source,
      },
    };
  });
  return { code: query.code, year, modifiers, rows };
}

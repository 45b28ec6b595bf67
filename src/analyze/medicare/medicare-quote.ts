import { DataMissingError, NotFoundError, NotPricedError, UsageError } from "../../errors.js";
import type { ReferenceData } from "../reference/reference-types.js";
import { defaultMedicareYear } from "./default-medicare-year.js";
import { medicareAmount, normaliseLocality, type MedicareAmount } from "./medicare-amount.js";
import { priceClaimLines } from "./price-claim-lines.js";

/** What to quote: one code in one setting, for a year and place (locality or ZIP; national when neither). */
export interface MedicareQuoteRequest {
  code: string;
  setting: "facility" | "nonfacility";
  /** Fee-schedule year; default: the latest complete year (RVUs and GPCIs, `defaultMedicareYear`). */
  year?: number;
  /** MAC-locality, "13202-01". */
  locality?: string;
  /** 5-digit ZIP, resolved to its locality through CMS's ZIP-to-carrier-locality file when imported. */
  zip?: string;
  /** "26"/"TC" price a component row, "50" the bilateral rule; others are noted. */
  modifiers?: readonly string[];
  /** Units on the line (per-level add-ons: levels); default 1. */
  units?: number;
  /** Qualifying APM participant conversion factor (2026+). */
  qp?: boolean;
}

/** The inputs the quote was made with, after defaults and lookups. */
export interface MedicareQuoteInputs {
  code: string;
  year: number;
  setting: "facility" | "nonfacility";
  /** null = national (GPCIs 1.000). */
  locality: string | null;
  zip: string | null;
  modifiers: string[];
  units: number;
  qp: boolean;
}

/**
 * A Medicare quote: `priced` with the amount (one unit, from `medicareAmount`) and the line total
 * for the units asked (bilateral and per-level rules applied), or `not-priced` with a typed reason
 * and a message, so callers show a soft miss beside the other answers instead of failing:
 * - `setting-not-priced`: the RVU file marks that setting NA;
 * - `no-gpci`: a locality in a year without a GPCI file (another year's are never substituted);
 * - `contractor-priced`: status C (or E, J, X): the MAC or another payment system sets the price;
 * - `not-paid`: a status with no PFS payment (B, N, I, M, P …); the amount is $0.00.
 */
export type MedicareQuote =
  | {
      kind: "priced";
      inputs: MedicareQuoteInputs;
      amount: MedicareAmount;
      total: number;
      explanation: string[];
      notes: string[];
    }
  | {
      kind: "not-priced";
      reason: "setting-not-priced" | "no-gpci" | "contractor-priced" | "not-paid";
      inputs: MedicareQuoteInputs;
      amount: MedicareAmount | null;
      message: string;
      notes: string[];
    };

/**
 * The one Medicare query behind `ratelens medicare` and `/api/medicare`: code, year,
 * locality or ZIP, setting, modifiers and units → the amount with its inputs and notes.
 * @throws NotFoundError for a code not in the year's file, an unknown locality or ZIP;
 *   UsageError for a malformed locality or ZIP; DataMissingError when a ZIP is given and no
 *   ZIP-to-locality file is imported or no fee schedule is loaded.
 */
export function medicareQuote(ref: ReferenceData, request: MedicareQuoteRequest): MedicareQuote {
  const notes: string[] = [];
  const year = request.year ?? defaultMedicareYear(ref);
  let locality: string | null = null;
  if (request.locality !== undefined && request.zip !== undefined) {
    throw new UsageError("give a locality or a ZIP code, not both");
  }
  if (request.locality !== undefined) {
    locality = normaliseLocality(request.locality);
    if (locality === null) {
      throw new UsageError(
        `"${request.locality}" is not a MAC-locality (write it as 13202-01: MAC number, hyphen, locality number)`,
      );
    }
  }
  if (request.zip !== undefined) {
    locality = localityOfZip(ref, request.zip);
    notes.push(`ZIP ${request.zip} → locality ${locality} (CMS ZIP-code-to-carrier-locality file)`);
  }
  const units = request.units ?? 1;
  if (!Number.isInteger(units) || units < 1) {
    throw new UsageError(`units must be a whole number of at least 1, got ${units}`);
  }
  const inputs: MedicareQuoteInputs = {
    code: request.code.trim().toUpperCase(),
    year,
    setting: request.setting,
    locality,
    zip: request.zip ?? null,
    modifiers: (request.modifiers ?? []).map((m) => m.trim().toUpperCase()).filter((m) => m !== ""),
    units,
    qp: request.qp === true,
  };
  let amount: MedicareAmount;
  try {
    amount = medicareAmount(ref, {
      code: inputs.code,
      year,
      setting: inputs.setting,
      modifiers: inputs.modifiers,
      qp: inputs.qp,
      ...(locality === null ? {} : { locality }),
    });
  } catch (error) {
    if (error instanceof NotPricedError) {
      return {
        kind: "not-priced",
        reason: "setting-not-priced",
        inputs,
        amount: null,
        message: error.message,
        notes,
      };
    }
    if (error instanceof DataMissingError) {
      return {
        kind: "not-priced",
        reason: "no-gpci",
        inputs,
        amount: null,
        message: error.message,
        notes,
      };
    }
    throw error;
  }
  if (amount.payment !== "paid") {
    const message =
      amount.notes.find((note) => note.startsWith(`status ${amount.indicators.status}`)) ??
      `status ${amount.indicators.status}`;
    return {
      kind: "not-priced",
      reason: amount.payment === "contractor" ? "contractor-priced" : "not-paid",
      inputs,
      amount,
      message,
      notes: [...notes, ...amount.notes],
    };
  }
  if (units === 1) {
    return {
      kind: "priced",
      inputs,
      amount,
      total: amount.amount,
      explanation: [],
      notes: [...notes, ...amount.notes],
    };
  }
  const line = priceClaimLines(ref, [{ code: inputs.code, modifiers: inputs.modifiers, units }], {
    year,
    setting: inputs.setting,
    qp: inputs.qp,
    ...(locality === null ? {} : { locality }),
  }).lines[0]!;
  return {
    kind: "priced",
    inputs,
    amount,
    total: line.allowed,
    explanation: line.explanation,
    notes: [...notes, ...amount.notes],
  };
}

/** The locality of a ZIP code from the imported CMS ZIP-to-carrier-locality file. */
export function localityOfZip(ref: ReferenceData, zip: string): string {
  if (!/^\d{5}$/.test(zip)) throw new UsageError(`a ZIP code has 5 digits, not "${zip}"`);
  if (ref.zipLocalities === undefined || ref.zipLocalities === null) {
    throw new DataMissingError(
      'ZIP lookup needs CMS\'s ZIP-code-to-carrier-locality file, which is not bundled: import it with "ratelens import zip ZIP5_<quarter>.txt" (or give a locality)',
    );
  }
  const found = ref.zipLocalities.get(zip);
  if (found === undefined) {
    throw new NotFoundError(`ZIP ${zip} is not in CMS's ZIP-to-carrier-locality file`);
  }
  return found;
}

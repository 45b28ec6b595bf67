import type { ReferenceData } from "../analyze/reference/reference-types.js";
import type { Claim } from "../sources/claims/claim.js";
import {
  checkClaim,
  linesWithFindings,
  type CheckClaimOptions,
  type ClaimCheckResult,
} from "./check-claim.js";
import { expectedMedicareAmount, type ExpectedMedicareAmount } from "./expected-medicare-amount.js";

/** A claim's check result plus its expected Medicare amount (or why there is none). */
export interface ClaimReport extends ClaimCheckResult {
  expectedMedicare: ExpectedMedicareAmount | { unavailable: string };
}

/**
 * Checks a claim and prices it with the Medicare fee schedule, leaving out the lines an error
 * will deny and noting those a warning puts at risk: what `ratelens check` prints per claim, and
 * what the web checker and the API can show beside the findings (one function for all three).
 */
export function checkAndPrice(
  ref: ReferenceData,
  claim: Claim,
  options: CheckClaimOptions & { year?: number; locality?: string } = {},
): ClaimReport {
  const result = checkClaim(ref, claim, options);
  if (claim.unreadable === true) {
    return { ...result, expectedMedicare: { unavailable: "the claim could not be read" } };
  }
  if (claim.kind === "institutional") {
    return {
      ...result,
      expectedMedicare: {
        unavailable: "institutional claims are paid under OPPS, not the physician fee schedule",
      },
    };
  }
  const priceOptions: {
    year?: number;
    locality?: string;
    excludeLines: Map<number, string>;
    riskLines: Map<number, string>;
  } = {
    excludeLines: linesWithFindings(result, "error"),
    riskLines: linesWithFindings(result, "warning"),
  };
  if (options.year !== undefined) priceOptions.year = options.year;
  if (options.locality !== undefined) priceOptions.locality = options.locality;
  return { ...result, expectedMedicare: expectedMedicareAmount(ref, claim, priceOptions) };
}

import type { Claim } from "./claim.js";
import { parseClaims } from "./parse-claims.js";

/**
 * Reads X12 837 claims from text in memory, strictly (see `X12ClaimParser` for what is read and
 * `readClaimItems` for the streaming, per-claim reader the checker uses).
 */
export function parseX12837p(text: string, file: string): Claim[] {
  return parseClaims(text, file);
}

/**
 * CPT/HCPCS billing codes: the one parser every stage uses (reference files, claims, the
 * benchmark engine, CLI arguments and HTTP parameters), so a code one accepts the others accept.
 */

const BILLING_CODE = /^[0-9A-Z]{5}$/;

/**
 * True for a code as written in upper case: five digits or letters (64490, 0213T, G0260; CMS
 * placeholders such as GXXX1 too).
 */
export function isBillingCode(text: string): boolean {
  return BILLING_CODE.test(text);
}

/** The code trimmed and in upper case, or null when it is not a CPT/HCPCS code. */
export function parseBillingCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  return isBillingCode(code) ? code : null;
}

import { UsageError } from "../errors.js";
import type { CheckPricing } from "./app-services.js";

/**
 * The check page's pricing fields (as typed) → the pricing the checker applies. Empty fields mean
 * the defaults `ratelens check` has: each claim's date-of-service year, national amounts.
 */
export function checkPricing(fields: { year: string; locality: string }): CheckPricing {
  const pricing: CheckPricing = {};
  if (fields.year !== "") {
    if (!/^20\d\d$/.test(fields.year)) {
      throw new UsageError(`Fee-schedule year must be a year such as 2025, got "${fields.year}"`);
    }
    pricing.year = Number(fields.year);
  }
  if (fields.locality !== "") pricing.locality = fields.locality;
  return pricing;
}

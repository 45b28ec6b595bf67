/**
 * Decimal-exact fee schedule arithmetic. RVUs (2 decimals), GPCIs (3) and conversion factors (4)
 * are scaled to integers so that a total such as 5.76 × 32.3465 = 186.31584 rounds to the cent
 * the way CMS publishes it (half up), with no binary floating-point drift at half cents.
 */
const SCALE = 10_000n;

function scaled(value: number): bigint {
  return BigInt(Math.round(value * 10_000));
}

/** Rounds a non-negative amount with `scaleDigits` decimals to cents (half up). */
function toCents(value: bigint, scale: bigint): number {
  const cents = (value * 100n + scale / 2n) / scale;
  return Number(cents) / 100;
}

/** [(W × GW) + (PE × GPE) + (MP × GMP)] × CF, rounded to the cent. GPCIs of 1 give the national amount. */
export function feeScheduleAmount(
  rvus: { work: number; pe: number; mp: number },
  gpci: { work: number; pe: number; mp: number },
  conversionFactor: number,
): number {
  const adjusted =
    scaled(rvus.work) * scaled(gpci.work) +
    scaled(rvus.pe) * scaled(gpci.pe) +
    scaled(rvus.mp) * scaled(gpci.mp);
  return toCents(adjusted * scaled(conversionFactor), SCALE * SCALE * SCALE);
}

/** amount × percent / 100, rounded to the cent (half up). Percent may have decimals (e.g. 150, 50). */
export function percentOf(amount: number, percent: number): number {
  const value = BigInt(Math.round(amount * 100)) * scaled(percent);
  return toCents(value, 100n * SCALE * 100n);
}

/** Sum of cent amounts without float drift. */
export function sumCents(amounts: readonly number[]): number {
  return amounts.reduce((total, a) => total + Math.round(a * 100), 0) / 100;
}

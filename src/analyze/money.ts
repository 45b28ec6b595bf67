/**
 * Dollar amounts as text: the one formatter every stage uses (the explanations analyze writes,
 * rule messages, the CLI, the publication and pages). Fixed to en-US, two decimals and thousands
 * separators, so output and golden files do not depend on the machine's locale.
 */

const USD = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const AMOUNT = new Intl.NumberFormat("en-US", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `$1,234.56` (`-$3.50` below zero). */
export function formatUsd(amount: number): string {
  return USD.format(amount);
}

/** `1,234.56`: for table columns whose header already says the unit. */
export function formatAmount(amount: number): string {
  return AMOUNT.format(amount);
}

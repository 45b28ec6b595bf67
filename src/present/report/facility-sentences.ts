/**
 * Sentences comparing payers' institutional (facility-fee) rates with Medicare's own facility
 * payment: the OPPS rate by APC and the ASC rate. The PFS amounts elsewhere on the page pay the
 * professional service; a facility fee is compared only with a facility payment, and a packaged
 * add-on code is said to have none rather than given a figure.
 */
import type { BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import type { FacilityPayment } from "../../analyze/facility/facility-payments.js";
import { formatUsd } from "../../analyze/money.js";
import { countOf, formatPercent } from "./format-numbers.js";

export function facilitySentences(
  code: string,
  benchmark: BenchmarkResult | null,
  payments: readonly FacilityPayment[] | undefined,
): string[] {
  if (payments === undefined) return [];
  const opps = payments.find((payment) => payment.setting === "opps");
  const asc = payments.find((payment) => payment.setting === "asc");
  if (opps === undefined || asc === undefined) return [];
  const institutional = (benchmark?.groups ?? []).find(
    (group) =>
      group.group === "All commercial" &&
      group.billingClass === "institutional" &&
      group.facilityClass === "facility" &&
      group.modifiers === "" &&
      group.stats.count > 0,
  );
  const edition = `July ${opps.year} addenda, secondary copies`;
  if (opps.status === "packaged") {
    const base = `Medicare pays no separate facility amount for ${code}: as an add-on code it is packaged into the primary procedure's payment (OPPS status N, ASC N1; ${edition}).`;
    if (institutional === undefined) return [base];
    return [
      `${base} The institutional rates above (${countOf(institutional.stats.count, "rate")}, average ${formatUsd(institutional.stats.mean)}) are the payers' own line prices for it, with no Medicare facility payment to compare them with.`,
    ];
  }
  if (opps.status === "not-payable") {
    return [
      `No separate Medicare hospital outpatient (OPPS) payment is listed for ${code} (${edition}), so institutional rates are not compared with Medicare.`,
    ];
  }
  const rate = opps.rate ?? 0;
  const ascText =
    asc.rate === null ? "no separate ASC payment" : `the ASC rate is ${formatUsd(asc.rate)}`;
  const medicare = `Medicare's national OPPS rate for ${code} is ${formatUsd(rate)} (APC ${opps.apc ?? "?"}, status ${opps.indicator ?? "?"}) and ${ascText} (${edition})`;
  if (institutional === undefined || rate <= 0) {
    return [`${medicare}; no institutional facility rates are loaded to compare with it.`];
  }
  return [
    `${medicare}. Institutional facility rates pooled (${countOf(institutional.stats.count, "rate")}) average ${formatUsd(institutional.stats.mean)}, ${formatPercent((institutional.stats.mean / rate) * 100)} of the OPPS rate (not wage-adjusted).`,
  ];
}

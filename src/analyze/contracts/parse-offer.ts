/**
 * The one offer parser (CLI `--offer`, API `offer`, page, and a fee schedule's `offer` column):
 * "140% medicare", "p60", "+4%" / "-2.5%", "$250" or "250".
 */
import { UsageError } from "../../errors.js";
import { formatUsd } from "../money.js";
import type { Offer } from "./contract-types.js";

const USAGE =
  'an offer is "140% medicare", "p60" (market percentile), "+4%" (change on today\'s rate) or "$250"';

/** Parses an offer; a UsageError explains the forms accepted. */
export function parseOffer(raw: string): Offer {
  const text = raw.trim().toLowerCase().replace(/\s+/g, " ");
  let match = /^(\d+(?:\.\d+)?) ?% ?(?:of )?(?:medicare|mcr)$/.exec(text);
  if (match !== null) return { kind: "medicare", percent: Number(match[1]) };
  match = /^p(\d+(?:\.\d+)?)$/.exec(text);
  if (match !== null) {
    const percentile = Number(match[1]);
    if (percentile <= 0 || percentile >= 100) {
      throw new UsageError(`"${raw}": a percentile is between p1 and p99`);
    }
    return { kind: "percentile", percentile };
  }
  match = /^([+-]) ?(\d+(?:\.\d+)?) ?%$/.exec(text);
  if (match !== null) {
    return { kind: "change", percent: (match[1] === "-" ? -1 : 1) * Number(match[2]) };
  }
  match = /^\$? ?(\d+(?:,\d{3})*(?:\.\d+)?)$/.exec(text);
  if (match?.[1] !== undefined) {
    return { kind: "dollars", amount: Number(match[1].replace(/,/g, "")) };
  }
  throw new UsageError(`"${raw}" is not an offer: ${USAGE}`);
}

/** The canonical text of an offer. */
export function offerText(offer: Offer): string {
  switch (offer.kind) {
    case "medicare":
      return `${offer.percent}% medicare`;
    case "percentile":
      return `p${offer.percentile}`;
    case "change":
      return `${offer.percent >= 0 ? "+" : ""}${offer.percent}%`;
    case "dollars":
      return formatUsd(offer.amount);
  }
}

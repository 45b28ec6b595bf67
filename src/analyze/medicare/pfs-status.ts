/**
 * What a PFS status code means for payment, per the RVU file documentation (Attachment A,
 * "Status Code"; the record layout: "Only RVUs associated with status codes of A, R, or T are
 * used for Medicare payment"). `contractor` = no national amount: the MAC prices the service;
 * `not-paid` = $0.00 under the PFS; `paid` = the RVU amount (with a condition for R and T).
 */
export interface PfsStatusRule {
  payment: "paid" | "contractor" | "not-paid";
  /** Plain-language note; null for status A. */
  note: string | null;
}

export const PFS_STATUS_SOURCE =
  "CMS National Physician Fee Schedule Relative Value File documentation (RVUxx, Attachment A: status codes)";

const RULES: Record<string, PfsStatusRule> = {
  A: { payment: "paid", note: null },
  B: {
    payment: "not-paid",
    note: "status B (bundled): payment is always included in the payment for other services; RVUs, if shown, are not used for Medicare payment",
  },
  C: {
    payment: "contractor",
    note: "status C (contractor-priced): the Medicare Administrative Contractor sets the payment, generally case by case from documentation such as the operative report; there is no fee-schedule amount",
  },
  D: { payment: "not-paid", note: "status D (deleted code): not payable" },
  E: {
    payment: "contractor",
    note: "status E (excluded from the PFS by regulation): no fee-schedule payment; when covered, paid under reasonable-charge rules",
  },
  F: {
    payment: "not-paid",
    note: "status F (deleted or discontinued, no grace period): not payable",
  },
  G: {
    payment: "not-paid",
    note: "status G (not valid for Medicare): Medicare uses another code for this service",
  },
  H: {
    payment: "not-paid",
    note: "status H (deleted modifier): this component is no longer payable",
  },
  I: {
    payment: "not-paid",
    note: "status I (not valid for Medicare, no grace period): Medicare uses another code for this service",
  },
  J: {
    payment: "contractor",
    note: "status J (anesthesia service): no RVUs; paid with anesthesia base and time units and the anesthesia conversion factor, not the PFS amount",
  },
  M: { payment: "not-paid", note: "status M (measurement code): for reporting only, no payment" },
  N: {
    payment: "not-paid",
    note: "status N (non-covered): Medicare does not cover this service (the patient may be billed with a signed ABN)",
  },
  P: {
    payment: "not-paid",
    note: "status P (bundled/excluded): no separate PFS payment; bundled when incident to a physician service the same day, otherwise paid under other provisions",
  },
  R: {
    payment: "paid",
    note: "status R (restricted coverage): covered only in unusual circumstances under special coverage instructions; the amount applies if covered",
  },
  T: {
    payment: "paid",
    note: "status T (injection): paid only when no other PFS service is billed by the same provider the same day; otherwise bundled into that service",
  },
  X: {
    payment: "contractor",
    note: "status X (statutory exclusion): not a physician service for fee-schedule purposes (e.g. ambulance, clinical laboratory); no PFS payment",
  },
};

/** The payment rule of a status code (unknown codes: not paid, said plainly). */
export function pfsStatusRule(status: string): PfsStatusRule {
  return (
    RULES[status] ?? {
      payment: "not-paid",
      note: `status ${status}: not a status code the RVU documentation lists; not priced`,
    }
  );
}

/**
 * An independent count of what an ingest should store, from a plain `JSON.parse` of the whole file
 * (fine for test-sized files). Tests compare the store against it; it shares no code with the
 * scanner or the normaliser.
 */
export interface ExpectedCounts {
  kind: "in-network-rates" | "allowed-amounts" | "table-of-contents";
  items: number;
  keptItems: number;
  rows: number;
  perDiem: number;
  percent: number;
  remoteReferences: number;
  plans: number;
}

type Json = Record<string, unknown>;

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Counts rows the way the data model defines them (one rate row per price × group it applies to). */
export function expectedCounts(document: Json, codes?: ReadonlySet<string>): ExpectedCounts {
  const counts: ExpectedCounts = {
    kind: "in-network-rates",
    items: 0,
    keptItems: 0,
    rows: 0,
    perDiem: 0,
    percent: 0,
    remoteReferences: 0,
    plans: 0,
  };
  if ("reporting_structure" in document) {
    counts.kind = "table-of-contents";
    const seen = new Set<string>();
    for (const structure of list(document.reporting_structure)) {
      for (const plan of list((structure as Json).reporting_plans)) seen.add(JSON.stringify(plan));
    }
    counts.plans = seen.size;
    return counts;
  }
  if ("out_of_network" in document) {
    counts.kind = "allowed-amounts";
    for (const item of list(document.out_of_network) as Json[]) {
      counts.items++;
      if (codes !== undefined && !codes.has(String(item.billing_code))) continue;
      counts.keptItems++;
      for (const amount of list(item.allowed_amounts) as Json[]) {
        for (const payment of list(amount.payments) as Json[]) {
          const providers = list(payment.providers) as Json[];
          if (providers.length === 0) counts.rows++;
          for (const provider of providers) counts.rows += Math.max(1, list(provider.npi).length);
        }
      }
    }
  } else {
    for (const item of list(document.in_network) as Json[]) {
      counts.items++;
      if (codes !== undefined && !codes.has(String(item.billing_code))) continue;
      counts.keptItems++;
      for (const rate of list(item.negotiated_rates) as Json[]) {
        const targets =
          list(rate.provider_references).length + (rate.provider_groups === undefined ? 0 : 1);
        for (const price of list(rate.negotiated_prices) as Json[]) {
          counts.rows += targets;
          if (price.negotiated_type === "per diem") counts.perDiem += targets;
          if (price.negotiated_type === "percentage") counts.percent += targets;
        }
      }
    }
    for (const reference of list(document.provider_references) as Json[]) {
      if (typeof reference.location === "string") counts.remoteReferences++;
    }
  }
  counts.plans = typeof document.plan_name === "string" ? 1 : 0;
  return counts;
}

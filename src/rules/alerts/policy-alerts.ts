import { formatUsd } from "../../analyze/money.js";
import { describePolicyRule, diffPolicy } from "../policies/diff-policy-versions.js";
import type { PolicyBook, PolicyRule } from "../policies/policy-types.js";
import type { Alert } from "./alert-types.js";
import type { Watch } from "./watch-file.js";

const FACET = ["64490", "64491", "64492", "64493", "64494", "64495"];
const RADIOFREQUENCY = ["64633", "64634", "64635", "64636"];
const EPIDURAL = ["64479", "64480", "64483", "64484"];

/** The codes a rule bears on (the facet family's procedure kinds); null = every code it covers. */
export function codesTouchedBy(rule: PolicyRule): readonly string[] | null {
  switch (rule.kind) {
    case "prior-authorization":
      return rule.codes;
    case "max-levels-per-session":
      return rule.procedure === "facet-injection"
        ? FACET
        : rule.procedure === "radiofrequency"
          ? RADIOFREQUENCY
          : EPIDURAL;
    case "max-sessions-per-12-months":
      return rule.session === "radiofrequency"
        ? RADIOFREQUENCY
        : rule.session === "transforaminal-epidural"
          ? EPIDURAL
          : FACET;
    case "not-covered":
      return rule.service === "non-thermal-radiofrequency" ? RADIOFREQUENCY : FACET;
    case "minimum-relief":
      return rule.before === "radiofrequency" ? [...FACET, ...RADIOFREQUENCY] : FACET;
    case "bilateral-format":
      return null;
  }
}

/**
 * The codes a rule change bears on: for a prior-authorization list that only gained or lost codes,
 * those codes; otherwise every code of the rule before and after.
 */
function touchedByChange(
  before: PolicyRule | undefined,
  after: PolicyRule | undefined,
): readonly string[] | null {
  if (before?.kind === "prior-authorization" && after?.kind === "prior-authorization") {
    const samePlaces =
      JSON.stringify(before.placesOfService ?? null) ===
      JSON.stringify(after.placesOfService ?? null);
    if (samePlaces) {
      const moved = [
        ...before.codes.filter((c) => !after.codes.includes(c)),
        ...after.codes.filter((c) => !before.codes.includes(c)),
      ];
      if (moved.length > 0) return moved;
    }
  }
  const codes = [before, after].map((rule) => (rule === undefined ? [] : codesTouchedBy(rule)));
  if (codes.some((list) => list === null)) return null;
  return [...new Set(codes.flatMap((list) => list ?? []))];
}

/** The price one unit of a code is paid at, and where that figure comes from. */
export interface UnitPrice {
  readonly amount: number;
  readonly source: string;
}

/**
 * The dollars a policy change puts at stake: for each touched code with a yearly volume and a unit
 * price, volume × price (what the claims it governs are paid a year). Codes without either are
 * named, never counted as $0.
 */
function dollarsAtStake(
  codes: readonly string[],
  watch: Watch,
  prices: ReadonlyMap<string, UnitPrice>,
): {
  dollars: number | null;
  text: string;
  lines: { code: string; volume: number; price: number; source: string; dollars: number }[];
} {
  const lines = codes.flatMap((code) => {
    const volume = watch.volumes[code];
    const price = prices.get(code);
    return volume === undefined || price === undefined
      ? []
      : [
          {
            code,
            volume,
            price: price.amount,
            source: price.source,
            dollars: volume * price.amount,
          },
        ];
  });
  if (lines.length === 0) return { dollars: null, text: "", lines };
  const dollars = lines.reduce((sum, line) => sum + line.dollars, 0);
  const missing = codes.filter((code) => !lines.some((line) => line.code === code));
  const sources = [...new Set(lines.map((line) => line.source))].join("; ");
  return {
    dollars,
    text:
      `; ${formatUsd(dollars)} a year at stake (volumes × ${sources})` +
      (missing.length === 0 ? "" : `; no volume or price for ${missing.join(", ")}`),
    lines,
  };
}

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/**
 * Policy versions of the watched payers that take effect within `policyDaysAhead` days of `today`,
 * or took effect after `since` and on or before `today`: one alert per version, with the rules
 * that changed (diffed against the version before it), the watched codes they touch and the
 * volumes of those codes.
 */
export function policyAlerts(
  book: PolicyBook,
  watch: Watch,
  since: string,
  today: string,
  synthetic: boolean,
  prices: ReadonlyMap<string, UnitPrice> = new Map(),
): Alert[] {
  const alerts: Alert[] = [];
  const horizon = addDays(today, watch.policyDaysAhead);
  for (const key of watch.policies) {
    const policy = book.get(key);
    if (policy === undefined) continue;
    for (const version of policy.versions) {
      const effective = version.effective;
      if (effective === null) continue;
      const upcoming = effective > today && effective <= horizon;
      const inEffect = effective > since && effective <= today;
      if (!upcoming && !inEffect) continue;
      const diff = diffPolicy(policy, dayBefore(effective), effective);
      const changes = diff.changes.map((change) => {
        const touched = touchedByChange(change.before, change.after);
        const codes = (touched ?? watch.codes).filter((code) => watch.codes.includes(code));
        const before = change.before === undefined ? null : describePolicyRule(change.before);
        const after = change.after === undefined ? null : describePolicyRule(change.after);
        return { change: change.change, ruleId: change.ruleId, before, after, codes };
      });
      const codes = [...new Set(changes.flatMap((change) => change.codes))].sort();
      if (codes.length === 0) continue;
      const volumes = codes
        .map((code) => watch.volumes[code])
        .filter((v): v is number => v !== undefined);
      const volume = volumes.length === 0 ? null : volumes.reduce((a, b) => a + b, 0);
      const stake = dollarsAtStake(codes, watch, prices);
      const when = upcoming ? `takes effect on ${effective}` : `took effect on ${effective}`;
      const rules = changes
        .filter((change) => change.codes.length > 0)
        .map(
          (change) =>
            `${change.ruleId} ${change.change}: ${change.before ?? "(none)"} → ${change.after ?? "(none)"}`,
        )
        .join("; ");
      alerts.push({
        kind: upcoming ? "policy-upcoming" : "policy-in-effect",
        severity: "warning",
        payer: policy.name,
        codes,
        message: `${policy.name} policy ${when}: ${rules}${volume === null ? "" : ` (touches ${String(volume)} units a year of ${codes.join(", ")})`}${stake.text}`,
        dollarEffect: stake.dollars,
        volume,
        source: {
          kind: "policy",
          payer: policy.payer,
          effective,
          title: version.source.title,
          url: version.source.url ?? null,
          evidence: version.source.evidence,
        },
        synthetic,
        details: { changes, dollarsAtStake: stake.lines },
      });
    }
  }
  return alerts;
}

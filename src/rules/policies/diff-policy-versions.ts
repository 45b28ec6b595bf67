import type { PayerPolicy, PolicyRule, PolicyVersion } from "./policy-types.js";
import { versionInForce } from "./policy-book.js";

/**
 * One difference between the rules in force on two dates. `first-recorded`: a rule of the first
 * version on record, when `from` predates it — what was in force before is unknown, so the rule
 * is not reported as added.
 */
export interface PolicyChange {
  change: "added" | "removed" | "changed" | "first-recorded";
  ruleId: string;
  before?: PolicyRule;
  after?: PolicyRule;
}

/** What changed in a payer's rules between the versions in force on `from` and on `to`. */
export interface PolicyDiff {
  payer: string;
  from: { date: string; version: PolicyVersion | undefined };
  to: { date: string; version: PolicyVersion | undefined };
  /** The first recorded version's effective date when `from` predates it, else null. */
  noVersionBefore: string | null;
  changes: PolicyChange[];
}

/** Compares the rules in force on two dates, rule by rule (matched by rule id). */
export function diffPolicy(policy: PayerPolicy, from: string, to: string): PolicyDiff {
  const before = versionInForce(policy, from);
  const after = versionInForce(policy, to);
  const firstEffective = policy.versions[0]?.effective ?? null;
  const noVersionBefore = before === undefined && after !== undefined ? firstEffective : null;
  const beforeRules = new Map((before?.rules ?? []).map((rule) => [rule.id, rule]));
  const afterRules = new Map((after?.rules ?? []).map((rule) => [rule.id, rule]));
  const changes: PolicyChange[] = [];
  for (const [id, rule] of beforeRules) {
    const next = afterRules.get(id);
    if (!next) changes.push({ change: "removed", ruleId: id, before: rule });
    else if (JSON.stringify(next) !== JSON.stringify(rule)) {
      changes.push({ change: "changed", ruleId: id, before: rule, after: next });
    }
  }
  const addedKind = noVersionBefore === null ? "added" : "first-recorded";
  for (const [id, rule] of afterRules) {
    if (!beforeRules.has(id)) changes.push({ change: addedKind, ruleId: id, after: rule });
  }
  return {
    payer: policy.payer,
    from: { date: from, version: before },
    to: { date: to, version: after },
    noVersionBefore,
    changes,
  };
}

/** One rule in plain words, for `policy show` and `policy diff`. */
export function describePolicyRule(rule: PolicyRule): string {
  switch (rule.kind) {
    case "bilateral-format":
      return rule.format === "modifier-50"
        ? "Bilateral: one line with modifier 50, 1 unit"
        : "Bilateral: two lines, RT and LT, 1 unit each";
    case "prior-authorization":
      return `Prior authorization required for ${rule.codes.join(", ")}${rule.placesOfService ? ` in place of service ${rule.placesOfService.join("/")}` : ""}`;
    case "max-levels-per-session":
      return `At most ${rule.maxLevels} ${rule.procedure} level(s) per ${rule.per === "side" ? "side per session" : "session"}`;
    case "max-sessions-per-12-months":
      return `At most ${rule.maxSessions} ${rule.session} session(s) per rolling 12 months${rule.minDaysBetween ? `, at least ${rule.minDaysBetween} days apart` : ""}`;
    case "not-covered":
      return `Not covered (experimental/unproven): ${rule.service}`;
    case "minimum-relief":
      return `Before ${rule.before}: ${rule.priorBlocks} prior diagnostic block(s) with at least ${rule.reliefPercent}% relief`;
  }
}

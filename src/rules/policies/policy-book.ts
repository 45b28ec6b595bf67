import { InputError } from "../../errors.js";
import type { SourceCitation } from "../finding.js";
import type { PayerPolicy, PolicyBook, PolicyRule, PolicyVersion } from "./policy-types.js";

const RULE_KINDS = [
  "bilateral-format",
  "prior-authorization",
  "max-levels-per-session",
  "max-sessions-per-12-months",
  "not-covered",
  "minimum-relief",
] as const;

/**
 * Validates one policy file's JSON into a `PayerPolicy`: versions sorted by date with unique
 * dates, every rule of a known kind with its fields. Errors name the file and JSON path.
 */
export function parsePayerPolicy(value: unknown, file: string): PayerPolicy {
  const fail = (path: string, problem: string): never => {
    throw new InputError(file, { jsonPath: path }, problem);
  };
  if (typeof value !== "object" || value === null) fail("$", "a policy file is one JSON object");
  const policy = value as Partial<PayerPolicy>;
  if (typeof policy.payer !== "string" || !/^[a-z0-9-]+$/.test(policy.payer)) {
    fail("$.payer", "payer must be a lower-case key such as aetna");
  }
  if (typeof policy.name !== "string") fail("$.name", "name is required");
  if (!Array.isArray(policy.aliases) || policy.aliases.some((a) => typeof a !== "string")) {
    fail("$.aliases", "aliases must be a list of names");
  }
  if (!Array.isArray(policy.versions) || policy.versions.length === 0) {
    fail("$.versions", "at least one version is required");
  }
  let previous = "";
  policy.versions!.forEach((version: PolicyVersion, i) => {
    const path = `$.versions[${i}]`;
    if (version.effective === null) {
      if (i !== 0) {
        fail(
          `${path}.effective`,
          "only the oldest version may have an unknown (null) effective date",
        );
      }
    } else if (
      typeof version.effective !== "string" ||
      !/^\d{4}-\d{2}-\d{2}$/.test(version.effective)
    ) {
      fail(`${path}.effective`, "effective must be YYYY-MM-DD or null");
    } else {
      if (version.effective <= previous) {
        fail(`${path}.effective`, "versions must be in date order with distinct dates");
      }
      previous = version.effective;
    }
    const source = version.source as Partial<PolicyVersion["source"]> | undefined;
    if (!source || typeof source.key !== "string" || typeof source.title !== "string") {
      fail(`${path}.source`, "source needs a key and a title");
    }
    if (source!.evidence !== "primary" && source!.evidence !== "secondary") {
      fail(`${path}.source.evidence`, "evidence is primary or secondary");
    }
    if (!Array.isArray(version.rules)) fail(`${path}.rules`, "rules must be a list");
    const ids = new Set<string>();
    version.rules.forEach((rule: PolicyRule, j) => {
      const rulePath = `${path}.rules[${j}]`;
      if (typeof rule.id !== "string" || ids.has(rule.id)) {
        fail(`${rulePath}.id`, "each rule needs a unique id");
      }
      ids.add(rule.id);
      if (!(RULE_KINDS as readonly string[]).includes(rule.kind)) {
        fail(`${rulePath}.kind`, `kind must be one of ${RULE_KINDS.join(", ")}`);
      }
      const numbers = Object.entries(rule).filter(([key]) =>
        ["maxLevels", "maxSessions", "minDaysBetween", "priorBlocks", "reliefPercent"].includes(
          key,
        ),
      );
      for (const [key, number] of numbers) {
        if (typeof number !== "number" || number < 0) {
          fail(`${rulePath}.${key}`, `${key} must be a non-negative number`);
        }
      }
    });
  });
  return policy as PayerPolicy;
}

/** The version of `policy` in force on `date` (ISO), or undefined before the first known version. */
export function versionInForce(policy: PayerPolicy, date: string): PolicyVersion | undefined {
  let found: PolicyVersion | undefined;
  for (const version of policy.versions) {
    if (version.effective === null || version.effective <= date) found = version;
  }
  return found;
}

/** Which policy book entry a claim's payer name (or id) belongs to; undefined when none matches. */
export function payerKeyFor(book: PolicyBook, payerName: string): string | undefined {
  // Memoised per book: a batch has a handful of payer names and a million claims.
  let known = PAYER_KEYS.get(book);
  if (known === undefined) {
    known = new Map();
    PAYER_KEYS.set(book, known);
  }
  if (known.has(payerName)) return known.get(payerName);
  const key = findPayerKey(book, payerName);
  if (known.size < 10_000) known.set(payerName, key);
  return key;
}

const PAYER_KEYS = new WeakMap<PolicyBook, Map<string, string | undefined>>();

function findPayerKey(book: PolicyBook, payerName: string): string | undefined {
  const name = payerName.toLowerCase();
  for (const policy of book.values()) {
    if (name === policy.payer || policy.aliases.some((alias) => name.includes(alias))) {
      return policy.payer;
    }
  }
  return undefined;
}

/** The rules of one kind in a version (typed). */
export function rulesOfKind<K extends PolicyRule["kind"]>(
  version: PolicyVersion | undefined,
  kind: K,
): readonly Extract<PolicyRule, { kind: K }>[] {
  if (!version) return NO_RULES;
  // Memoised per version and kind: six rules ask per claim (a filter each was garbage per claim).
  let kinds = RULES_BY_KIND.get(version);
  if (kinds === undefined) {
    kinds = new Map();
    RULES_BY_KIND.set(version, kinds);
  }
  let rules = kinds.get(kind);
  if (rules === undefined) {
    rules = version.rules.filter((rule) => rule.kind === kind);
    kinds.set(kind, rules);
  }
  return rules as readonly Extract<PolicyRule, { kind: K }>[];
}

const NO_RULES: readonly never[] = [];
const RULES_BY_KIND = new WeakMap<PolicyVersion, Map<string, readonly PolicyRule[]>>();

/** A version's source as a finding citation (key, title, url, effective date). */
export function policyCitation(version: PolicyVersion): SourceCitation {
  const citation: SourceCitation = { key: version.source.key, title: version.source.title };
  if (version.source.url !== undefined) citation.url = version.source.url;
  if (version.effective !== null) citation.effective = version.effective;
  return citation;
}

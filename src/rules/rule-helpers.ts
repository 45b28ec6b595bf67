import type { Finding, Severity, SourceCitation } from "./finding.js";
import type { LineRef, Rule, RuleContext } from "./rule.js";
import { codeInfo, type CodingRegion } from "../analyze/procedure-coder/code-catalog.js";
import { parseSpinalLevel, type SpinalLevel } from "../sources/claims/spinal-levels.js";
import type { Claim } from "../sources/claims/claim.js";

/** Builds a finding for `rule` (its source unless another is given). */
export function makeFinding(
  rule: Pick<Rule, "id" | "source">,
  severity: Severity,
  path: string,
  message: string,
  fix?: string,
  source: SourceCitation = rule.source,
): Finding {
  const finding: Finding = { ruleId: rule.id, severity, message, path, source };
  if (fix !== undefined) finding.fix = fix;
  return finding;
}

/** `lines[2]` path of a line. */
export function linePath(ref: LineRef, field?: string): string {
  return field === undefined ? `lines[${ref.index}]` : `lines[${ref.index}].${field}`;
}

/** The modifiers that stand for a distinct service when bypassing an NCCI edit. */
export const DISTINCT_SERVICE_MODIFIERS: ReadonlySet<string> = new Set([
  "59",
  "XE",
  "XS",
  "XP",
  "XU",
]);

/** The side of a line from its modifiers. */
export function sideOfModifiers(modifiers: readonly string[]): LineRef["side"] {
  if (modifiers.includes("50")) return "bilateral";
  if (modifiers.includes("LT") && !modifiers.includes("RT")) return "left";
  if (modifiers.includes("RT") && !modifiers.includes("LT")) return "right";
  return undefined;
}

/** Human label for a line: "64490-50 (line 1)". */
export function lineLabel(ref: LineRef): string {
  const code = [ref.line.code, ...ref.line.modifiers].join("-");
  return `${code} (line ${ref.index + 1})`;
}

/** True when the payer is Medicare fee-for-service. */
export function isMedicare(context: RuleContext): boolean {
  return context.payerKey === "medicare";
}

/** Facts levels parsed, skipping unparsable ones (the reader already rejected bad levels). */
export function factLevels(
  claim: Claim,
): { level: SpinalLevel; side: "left" | "right" | "bilateral" }[] {
  const result: { level: SpinalLevel; side: "left" | "right" | "bilateral" }[] = [];
  for (const item of claim.facts?.levels ?? []) {
    const level = parseSpinalLevel(item.level);
    if (typeof level !== "string") result.push({ level, side: item.side });
  }
  return result;
}

/** Regions whose facet codes appear on a claim (facet injections or RFA), for session counting. */
export function claimRegions(
  claim: Claim,
  family: "facet-injection" | "facet-rfa",
): Set<CodingRegion> {
  const regions = new Set<CodingRegion>();
  for (const line of claim.lines) {
    const info = codeInfo(line.code);
    if (info?.family === family && info.region) regions.add(info.region);
  }
  return regions;
}

/** The session kind of a claim for frequency counting, per region: RFA, diagnostic (KX or facts) or therapeutic. */
export function sessionKinds(
  claim: Claim,
): Map<CodingRegion, "diagnostic-facet" | "therapeutic-facet" | "radiofrequency"> {
  const kinds = new Map<
    CodingRegion,
    "diagnostic-facet" | "therapeutic-facet" | "radiofrequency"
  >();
  for (const region of claimRegions(claim, "facet-rfa")) kinds.set(region, "radiofrequency");
  for (const line of claim.lines) {
    const info = codeInfo(line.code);
    if (info?.family !== "facet-injection" || !info.region || kinds.has(info.region)) continue;
    // Noridian Q&A: a facet block without KX counts toward the therapeutic cap.
    const diagnostic =
      claim.facts?.purpose === "diagnostic" ||
      (claim.facts?.purpose === undefined && line.modifiers.includes("KX"));
    kinds.set(info.region, diagnostic ? "diagnostic-facet" : "therapeutic-facet");
  }
  return kinds;
}

/** Days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** History claims within the rolling 12 months before `date` (365 days, the date itself excluded). */
export function withinTwelveMonths(history: readonly Claim[], date: string): Claim[] {
  return history.filter((claim) => {
    const days = daysBetween(claim.dateOfService, date);
    return days > 0 && days < 365;
  });
}

/** "cervical/thoracic" or "lumbar/sacral". */
export function regionLabel(region: CodingRegion): string {
  return region === "cervical-thoracic" ? "cervical/thoracic" : "lumbar/sacral";
}

import type { Command } from "./command.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { UsageError } from "../errors.js";
import { loadReferenceDataAt } from "../analyze/reference/load-reference-at.js";
import { defaultStorePath } from "../store/store.js";
import { readClaims } from "../sources/claims/parse-claims.js";
import { checkClaim, linesWithFindings } from "../rules/check-claim.js";
import { expectedMedicareAmount } from "../rules/expected-medicare-amount.js";
import { formatClaimReport, type ClaimReport } from "../rules/format-check-result.js";
import { loadPolicyBook } from "../rules/policies/load-policy-book.js";

const usage = "ratelens check FILE... [--history FILE] [--json] [--year YYYY] [--locality MAC-LOC] [--policies DIR] [--db PATH]";

/**
 * `ratelens check`: reads claims (JSON, JSONL, CSV, X12 837P), checks each, prints findings; exit 1 on
 * any error finding. Edits and fee schedules come from the store (`--db`, default ./ratelens.store)
 * when it exists, so an imported NCCI quarter or PFS release is the one applied; else the bundled files.
 */
const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, { history: { type: "string" }, json: { type: "boolean" }, year: { type: "string" }, locality: { type: "string" }, policies: { type: "string" }, db: { type: "string" } }, usage);
    if (positionals.length === 0) throw new UsageError(`name at least one claim file\n\nusage: ${usage}`);
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) throw new UsageError(`--year must be a year such as 2026, got "${values.year}"`);
    const [ref, policies, history] = await Promise.all([loadReferenceDataAt(values.db ?? defaultStorePath(context.env)), loadPolicyBook(values.policies), values.history === undefined ? Promise.resolve([]) : readClaims(values.history)]);
    const reports: ClaimReport[] = [];
    for (const file of positionals) {
      for (const claim of await readClaims(file)) {
        const result = checkClaim(ref, claim, { history, policies });
        const priceOptions: { year?: number; locality?: string; excludeLines: Map<number, string>; riskLines: Map<number, string> } = { excludeLines: linesWithFindings(result, "error"), riskLines: linesWithFindings(result, "warning") };
        if (year !== undefined) priceOptions.year = year;
        if (values.locality !== undefined) priceOptions.locality = values.locality;
        reports.push({ ...result, expectedMedicare: expectedMedicareAmount(ref, claim, priceOptions) });
      }
    }
    const totals = { claims: reports.length, error: 0, warning: 0, info: 0 };
    for (const report of reports) for (const severity of ["error", "warning", "info"] as const) totals[severity] += report.counts[severity];
    if (values.json === true) context.stdout.write(`${JSON.stringify({ summary: totals, claims: reports }, null, 2)}\n`);
    else {
      for (const report of reports) context.stdout.write(`${formatClaimReport(report)}\n`);
      context.stdout.write(`${totals.claims} claim(s): ${totals.error} error(s), ${totals.warning} warning(s), ${totals.info} note(s)\n`);
    }
    return totals.error > 0 ? 1 : 0;
  },
};
export default command;

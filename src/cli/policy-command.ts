import type { Command } from "./command.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { NotFoundError, UsageError } from "../errors.js";
import { loadPolicyBook } from "../rules/policies/load-policy-book.js";
import { payerKeyFor, versionInForce } from "../rules/policies/policy-book.js";
import { describePolicyRule, diffPolicy } from "../rules/policies/diff-policy-versions.js";
import type { PolicyVersion } from "../rules/policies/policy-types.js";

const usage =
  "ratelens policy show PAYER [--date YYYY-MM-DD] [--json] | ratelens policy diff PAYER --from DATE --to DATE [--json] | ratelens policy list";

const isoDate = (value: string | undefined, flag: string): string => {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new UsageError(`${flag} must be a date YYYY-MM-DD\n\nusage: ${usage}`);
  }
  return value;
};

function describeVersion(version: PolicyVersion | undefined): string {
  if (!version) return "  no version of this policy is on file for that date\n";
  const lines = [
    `  effective ${version.effective ?? "unknown"}${version.effectiveNote ? ` (${version.effectiveNote})` : ""}`,
    `  source ${version.source.key} [${version.source.evidence}]: ${version.source.title}${version.source.url ? ` ${version.source.url}` : ""}`,
  ];
  for (const rule of version.rules) {
    lines.push(
      `  - ${rule.id}: ${describePolicyRule(rule)}${rule.note ? `\n      ${rule.note}` : ""}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const versionLabel = (version: PolicyVersion | undefined): string =>
  version ? `version ${version.effective ?? "undated (oldest on file)"}` : "no version on file";

/** `ratelens policy`: a payer's rules in force on a date, or what changed between two dates. */
const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        date: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        json: { type: "boolean" },
        policies: { type: "string" },
      },
      usage,
    );
    const [action, payerName] = positionals;
    const book = await loadPolicyBook(values.policies);
    if (action === "list") {
      for (const policy of book.values()) {
        context.stdout.write(
          `${policy.payer.padEnd(18)} ${policy.name} (${policy.versions.length} version(s))\n`,
        );
      }
      return 0;
    }
    if ((action !== "show" && action !== "diff") || payerName === undefined) {
      throw new UsageError(`usage: ${usage}`);
    }
    const key = payerKeyFor(book, payerName);
    const policy = key === undefined ? undefined : book.get(key);
    if (!policy) {
      throw new NotFoundError(
        `no policy file for payer "${payerName}" (known: ${[...book.keys()].join(", ")})`,
      );
    }
    if (action === "show") {
      const date =
        values.date === undefined
          ? new Date().toISOString().slice(0, 10)
          : isoDate(values.date, "--date");
      const version = versionInForce(policy, date);
      if (values.json === true) {
        context.stdout.write(
          `${JSON.stringify({ payer: policy.payer, name: policy.name, date, version: version ?? null }, null, 2)}\n`,
        );
      } else {
        context.stdout.write(
          `${policy.name}: rules in force on ${date}\n${describeVersion(version)}`,
        );
      }
      return 0;
    }
    const diff = diffPolicy(policy, isoDate(values.from, "--from"), isoDate(values.to, "--to"));
    if (values.json === true) {
      context.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
      return 0;
    }
    const out = [
      `${policy.name}: ${diff.from.date} (${versionLabel(diff.from.version)}) → ${diff.to.date} (${versionLabel(diff.to.version)})`,
    ];
    if (diff.noVersionBefore !== null) {
      out.push(
        `  no version recorded before ${diff.noVersionBefore}: what was in force on ${diff.from.date} is unknown, so the rules below are the first recorded ones, not changes`,
      );
    }
    if (diff.changes.length === 0) out.push("  no changes");
    for (const change of diff.changes) {
      if (change.change === "first-recorded") {
        out.push(`  = ${change.ruleId}: ${describePolicyRule(change.after!)}`);
      } else if (change.change === "added") {
        out.push(`  + ${change.ruleId}: ${describePolicyRule(change.after!)}`);
      } else if (change.change === "removed") {
        out.push(`  - ${change.ruleId}: ${describePolicyRule(change.before!)}`);
      } else {
        out.push(
          `  ~ ${change.ruleId}: ${describePolicyRule(change.before!)}\n      → ${describePolicyRule(change.after!)}`,
        );
      }
    }
    if (diff.to.version && diff.to.version !== diff.from.version) {
      out.push(`  source: ${diff.to.version.source.key}: ${diff.to.version.source.title}`);
    }
    context.stdout.write(`${out.join("\n")}\n`);
    return 0;
  },
};
export default command;

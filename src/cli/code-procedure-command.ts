import { readFile } from "node:fs/promises";
import type { Command } from "./command.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { InputError, UsageError } from "../errors.js";
import { codeProcedure } from "../analyze/procedure-coder/code-procedure.js";
import { parseProcedureDescription } from "../analyze/procedure-coder/parse-procedure-description.js";
import { loadPolicyBook } from "../rules/policies/load-policy-book.js";
import { payerKeyFor, rulesOfKind, versionInForce } from "../rules/policies/policy-book.js";
import { claimFromJson } from "../sources/claims/claim-from-json.js";
import type { ProcedureFacts } from "../sources/claims/procedure-facts.js";

const usage =
  'ratelens code-procedure ("DESCRIPTION" | --facts FILE.json) [--payer medicare|aetna|...] [--date YYYY-MM-DD] [--json]';

/** `ratelens code-procedure`: procedure facts or a short description → claim lines for a payer, with reasoning. */
const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        payer: { type: "string" },
        facts: { type: "string" },
        date: { type: "string" },
        json: { type: "boolean" },
      },
      usage,
    );
    let facts: ProcedureFacts;
    if (values.facts !== undefined) {
      let value: unknown;
      try {
        value = JSON.parse(await readFile(values.facts, "utf8"));
      } catch (error) {
        throw new InputError(
          values.facts,
          {},
          `cannot read procedure facts: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      // Reuse the claim reader's validation of `facts` (levels, sides, relief).
      facts =
        claimFromJson(
          {
            payer: "x",
            dateOfService: "2000-01-01",
            placeOfService: "11",
            lines: [{ code: "64490" }],
            facts: value,
          },
          values.facts,
          { path: "$" },
        ).facts ?? {};
    } else if (positionals.length > 0) facts = parseProcedureDescription(positionals.join(" "));
    else throw new UsageError(`give a description or --facts FILE\n\nusage: ${usage}`);
    const book = await loadPolicyBook();
    const payerName = values.payer ?? "medicare";
    const key = payerKeyFor(book, payerName) ?? payerName.toLowerCase();
    const policy = book.get(key);
    const version = policy
      ? versionInForce(policy, values.date ?? new Date().toISOString().slice(0, 10))
      : undefined;
    const format = rulesOfKind(version, "bilateral-format")[0]?.format;
    const coded = codeProcedure(
      facts,
      format ? { payer: key, bilateralFormat: format } : { payer: key },
    );
    if (values.json === true) {
      context.stdout.write(`${JSON.stringify({ facts, ...coded }, null, 2)}\n`);
      return 0;
    }
    const out = [`Lines for ${policy?.name ?? key}:`];
    for (const line of coded.lines) {
      out.push(
        `  ${[line.code, ...line.modifiers].join("-").padEnd(14)} x${line.units}  ${line.levels.join(", ").padEnd(18)} ${line.description}`,
      );
    }
    out.push("Reasoning:", ...coded.reasoning.map((r) => `  - ${r}`));
    if (coded.warnings.length > 0) out.push("Warnings:", ...coded.warnings.map((w) => `  ! ${w}`));
    context.stdout.write(`${out.join("\n")}\n`);
    return 0;
  },
};
export default command;

import { UsageError } from "../errors.js";
import { formatHptFindings } from "../present/hpt-findings-text.js";
import { validateHospitalFile } from "../normalize/hpt/validate-hospital-file.js";
import { KNOWN_VERSIONS } from "../sources/hpt/hpt-version.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens validate FILE [--rules 2.0.0|2.1.0|2.2.0|3.0.0] [--max N] [--json]

Checks a hospital price-transparency file (CMS template CSV tall or wide, or JSON, v2.0-v3.0; plain
or gzip) the way CMS's validator does, with the rules of the file's version (or --rules, within the
same major version), and prints the findings alone: rule, severity, line and column or JSON path.
Nothing is loaded. Exit code 1 when there is at least one error.`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      { rules: { type: "string" }, max: { type: "string" }, json: { type: "boolean" } },
      usage,
    );
    if (positionals.length !== 1) {
      throw new UsageError(`validate takes one FILE\n\nusage: ${usage}`);
    }
    const file = positionals[0]!;
    const rules =
      values.rules === undefined
        ? undefined
        : KNOWN_VERSIONS.find((v) => v === values.rules || v.startsWith(`${values.rules}.`));
    if (values.rules !== undefined && rules === undefined) {
      throw new UsageError(`--rules must be one of ${KNOWN_VERSIONS.join(", ")}`);
    }
    const max = values.max === undefined ? 10_000 : Number(values.max);
    if (!Number.isInteger(max) || max < 1) {
      throw new UsageError("--max must be a positive whole number");
    }
    const { scan, findings } = await validateHospitalFile(file, {
      maxFindings: max,
      ...(rules === undefined ? {} : { rules }),
    });
    const errors = scan?.errorCount ?? findings.filter((f) => f.severity === "error").length;
    const warnings = scan?.warningCount ?? findings.length - errors;
    if (values.json === true) {
      const summary = {
        file,
        layout: scan?.layout ?? null,
        declaredVersion: scan?.header.version ?? null,
        rulesVersion: scan?.rulesVersion ?? null,
        records: scan?.records ?? 0,
        validRecords: scan?.validRecords ?? 0,
        errors,
        warnings,
      };
      context.stdout.write(`${JSON.stringify({ summary, findings }, null, 2)}\n`);
    } else {
      context.stdout.write(formatHptFindings(file, findings, { errors, warnings }));
    }
    return errors > 0 ? EXIT.findings : EXIT.ok;
  },
};
export default command;

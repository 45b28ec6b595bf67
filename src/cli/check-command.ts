import { stat } from "node:fs/promises";
import type { Command, CommandContext } from "./command.js";
import { BufferedOutput } from "./buffered-output.js";
import { boundHeapGrowth, LARGE_CLAIM_INPUT_BYTES } from "./bound-heap-growth.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { UsageError } from "../errors.js";
import { loadReferenceDataAt } from "../analyze/reference/load-reference-at.js";
import { defaultStorePath } from "../store/default-store-path.js";
import type { ClaimItem } from "../sources/claims/claim.js";
import { readClaims } from "../sources/claims/parse-claims.js";
import { CLAIM_CSV_COLUMNS } from "../sources/claims/parse-claims-csv.js";
import { openClaimInput, readClaimItems } from "../sources/claims/read-claim-items.js";
import { checkClaim } from "../rules/check-claim.js";
import { checkAndPrice, type ClaimReport } from "../rules/check-and-price.js";
import { addFileProblemToSummary, addToSummary, emptySummary } from "../rules/check-summary.js";
import { formatClaimReport, formatFileProblem } from "../present/text/format-check-result.js";
import {
  claimJsonl,
  claimRows,
  csvRow,
  CSV_HEADER,
  fileProblemRow,
  formatSummaryText,
  jsonlRow,
  summaryRows,
} from "../present/text/check-rows.js";
import { Progress } from "../present/progress.js";
import { loadPolicyBook } from "../rules/policies/load-policy-book.js";

const usage =
  "ratelens check FILE|-... [--format text|jsonl|csv] [--json] [--history FILE] [--year YYYY] [--locality MAC-LOC] [--policies DIR] [--db PATH]";

const help = `usage: ${usage}

Checks claims against the coding and coverage rules (NCCI add-on, PTP and MUE edits, facet
level counting, bilateral reporting, imaging, Medicare LCDs, payer policies) and prices them with
the Medicare fee schedule. Exit 1 when any error is found.

Input (recognised from the content, not the file name; "-" reads standard input):
  X12 837P 005010X222A1   checked claim by claim; a bad segment is a finding on its claim
  X12 837I 005010X223A2   claims listed, diagnoses checked; professional rules skipped (noted)
  JSON                    one claim, an array of claims or {"claims": [...]}
  JSONL                   one claim per line (streamed; a bad line is reported, others checked)
  CSV                     one row per service line; rows with the same claim_id form a claim
  UTF-8 (with or without BOM) and UTF-16 (LE/BE) are read. X12 4010 is refused by name.

CSV columns (header row, any order; lists inside a cell separated by ";"):
  required: ${CLAIM_CSV_COLUMNS.required.join(", ")}
  claim:    ${CLAIM_CSV_COLUMNS.claim.join(", ")}
  line:     ${CLAIM_CSV_COLUMNS.line.join(", ")}
  facts:    ${CLAIM_CSV_COLUMNS.facts.join(", ")}
  levels is LEVEL:SIDE (C4-C5:bilateral); prior_blocks is DATE:KIND:RELIEF[:WEEKS]
  (2025-01-10:diagnostic:85); dates are YYYY-MM-DD; place_of_service is two digits (11).

Options:
  --format text|jsonl|csv  text (default): a report per claim with its expected Medicare amount;
                           jsonl/csv: one row per finding (type, file, claim_id, payer, line,
                           rule, severity, message, path, fix, source), streamed, then summary
                           rows per rule and per payer
  --json                   one JSON document (summary and every claim's report; not streamed)
  --history FILE           the patients' earlier claims (frequency and prerequisite rules)
  --year YYYY              price with this fee-schedule year (default: the date of service's)
  --locality MAC-LOC       price for a Medicare locality, e.g. 01182-18 (default: national)
  --policies DIR           payer policy book (default: the bundled one)
  --db PATH                store with imported NCCI/PFS editions (default ./ratelens.duckdb,
                           or $RATELENS_DB; the bundled files when it does not exist)
`;

type Format = "text" | "jsonl" | "csv" | "json";

/**
 * `ratelens check`: reads claims (X12 837P/837I, JSON, JSONL, CSV) claim by claim, checks each,
 * and streams the findings; exit 1 on any error finding. Edits and fee schedules come from the
 * store (`--db`, default ./ratelens.store) when it exists, so an imported NCCI quarter or PFS
 * release is the one applied; else the bundled files.
 */
const command: Command = {
  usage,
  help,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        history: { type: "string" },
        json: { type: "boolean" },
        format: { type: "string" },
        year: { type: "string" },
        locality: { type: "string" },
        policies: { type: "string" },
        db: { type: "string" },
      },
      usage,
    );
    if (positionals.length === 0) {
      throw new UsageError(
        `name at least one claim file, or - for standard input\n\nusage: ${usage}`,
      );
    }
    const format = formatOf(values.format, values.json === true);
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) {
      throw new UsageError(`--year must be a year such as 2026, got "${values.year}"`);
    }
    const [ref, policies, history] = await Promise.all([
      loadReferenceDataAt(values.db ?? defaultStorePath(context.env)),
      loadPolicyBook(values.policies),
      values.history === undefined ? Promise.resolve([]) : readClaims(values.history),
    ]);
    const out = new BufferedOutput(context.stdout);
    const summary = emptySummary();
    const reports: ClaimReport[] = [];
    const fileProblems: unknown[] = [];
    const priced = format === "text" || format === "json";
    if (format === "csv") out.write(CSV_HEADER);

    const handle = (item: ClaimItem): void => {
      if (item.kind === "file-problem") {
        addFileProblemToSummary(summary, item.problem.ruleId, item.problem.severity);
        if (format === "json") fileProblems.push(fileProblemRow(item.problem));
        else if (format === "text") out.write(formatFileProblem(item.problem));
        else {
          out.write(
            format === "csv"
              ? csvRow(fileProblemRow(item.problem))
              : jsonlRow(fileProblemRow(item.problem)),
          );
        }
        return;
      }
      const claim = item.claim;
      if (!priced) {
        const result = checkClaim(ref, claim, { history, policies });
        addToSummary(summary, result);
        if (format === "jsonl") out.write(claimJsonl(result));
        else for (const row of claimRows(result)) out.write(csvRow(row));
        return;
      }
      const report = checkAndPrice(ref, claim, {
        history,
        policies,
        ...(year === undefined ? {} : { year }),
        ...(values.locality === undefined ? {} : { locality: values.locality }),
      });
      addToSummary(summary, report);
      if (format === "json") reports.push(report);
      else out.write(`${formatClaimReport(report)}\n`);
    };

    if (await anyLarge(positionals)) boundHeapGrowth();
    for (const file of positionals) {
      const input = await openClaimInput(file, context.stdin);
      const progress = await progressFor(file, context);
      let bytes = 0;
      const counted = countBytes(input.bytes, (n) => (bytes += n));
      // X12 claims are checked one by one as they are read (`handle` as the sink), others by batch.
      for await (const batch of readClaimItems(
        { name: input.name, bytes: counted },
        undefined,
        handle,
      )) {
        for (const item of batch) handle(item);
        progress?.update({ bytes, items: summary.claims });
        await out.flush();
      }
      progress?.finish({ bytes, items: summary.claims });
    }

    if (format === "json") {
      const totals = {
        claims: summary.claims,
        error: summary.findings.error,
        warning: summary.findings.warning,
        info: summary.findings.info,
        fileProblems: summary.fileProblems,
      };
      out.write(`${JSON.stringify({ summary: totals, fileProblems, claims: reports }, null, 2)}\n`);
    } else if (format === "text") out.write(formatSummaryText(summary));
    else {
      for (const row of summaryRows(summary)) {
        out.write(format === "csv" ? csvRow(row) : jsonlRow(row));
      }
    }
    await out.flush(true);
    return summary.findings.error > 0 ? 1 : 0;
  },
};
export default command;

function formatOf(value: string | undefined, json: boolean): Format {
  if (json) return "json";
  if (value === undefined || value === "text") return "text";
  if (value === "jsonl" || value === "csv") return value;
  throw new UsageError(`--format must be text, jsonl or csv, got "${value}"\n\nusage: ${usage}`);
}

/** A progress bar for a large file on a terminal (claims and MB/s); none for small files or stdin. */
async function progressFor(file: string, context: CommandContext): Promise<Progress | undefined> {
  if (!context.interactive || file === "-") return undefined;
  const size = (await stat(file)).size;
  return size < 10_000_000
    ? undefined
    : new Progress(context.stderr, true, {
        label: `check ${file}`,
        totalBytes: size,
        itemsLabel: "claims",
      });
}

/** True when a named file is large enough for the heap bound to matter (standard input's size is unknown: no). */
async function anyLarge(files: readonly string[]): Promise<boolean> {
  for (const file of files) {
    if (file === "-") continue;
    const size = await stat(file).then(
      (info) => info.size,
      () => 0, // a missing file is reported, located, when it is opened
    );
    if (size >= LARGE_CLAIM_INPUT_BYTES) return true;
  }
  return false;
}

async function* countBytes(
  source: AsyncIterable<Uint8Array>,
  add: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    add(chunk.length);
    yield chunk;
  }
}

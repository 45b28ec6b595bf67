import { InputError } from "../../errors.js";
import type { Claim, ClaimItem } from "./claim.js";
import { claimItemFromJson } from "./parse-json-claims.js";
import { parseCsvRecords } from "./csv-records.js";

/**
 * The claim CSV layout: one row per service line; rows with the same `claim_id` form one claim
 * (claim-level columns may be repeated on every row or left blank after the first, but must not
 * disagree). Lists inside a cell are separated by `;`. Documented in docs/rules.md.
 */
export const CLAIM_CSV_COLUMNS = {
  required: ["claim_id", "payer", "date_of_service", "place_of_service", "code"],
  claim: [
    "claim_id",
    "payer",
    "payer_id",
    "date_of_service",
    "place_of_service",
    "rendering_npi",
    "billing_npi",
    "patient_id",
    "prior_authorization",
    "diagnoses",
  ],
  line: ["code", "modifiers", "units", "diagnosis_pointers", "line_date"],
  facts: [
    "procedure",
    "technique",
    "levels",
    "guidance",
    "purpose",
    "sedation",
    "ablation_technique",
    "prior_blocks",
    "relief_percent",
    "relief_weeks",
  ],
} as const;

const CLAIM_FIELDS: Record<string, string> = {
  claim_id: "id",
  payer: "payer",
  payer_id: "payerId",
  date_of_service: "dateOfService",
  place_of_service: "placeOfService",
  rendering_npi: "renderingNpi",
  billing_npi: "billingNpi",
  patient_id: "patientId",
  prior_authorization: "priorAuthorization",
};

const list = (cell: string): string[] =>
  cell
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/** Parses a claim CSV (see `CLAIM_CSV_COLUMNS`) into claims, strictly: the first bad row throws. */
export function parseClaimsCsv(text: string, file: string): Claim[] {
  const claims: Claim[] = [];
  for (const item of parseClaimsCsvItems(text, file)) {
    if (item.kind === "claim") claims.push(item.claim);
    else {
      throw new InputError(
        file,
        item.problem.line === undefined
          ? {}
          : {
              line: item.problem.line,
              ...(item.problem.path === "" ? {} : { column: item.problem.path }),
            },
        item.problem.message,
      );
    }
  }
  return claims;
}

/**
 * Parses a claim CSV into claims in order of first appearance; a bad row or claim is a file
 * problem naming its line (and column) and the claim it belongs to is left out, the others read.
 * A missing or unknown header column refuses the file.
 */
export function parseClaimsCsvItems(text: string, file: string): ClaimItem[] {
  const records = parseCsvRecords(text, file);
  const header = records.shift();
  if (!header) throw new InputError(file, { line: 1 }, "the CSV file is empty");
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  for (const required of CLAIM_CSV_COLUMNS.required) {
    if (!columns.includes(required)) {
      throw new InputError(
        file,
        { line: header.line },
        `the header has no "${required}" column (required: ${CLAIM_CSV_COLUMNS.required.join(", ")})`,
      );
    }
  }
  const known = new Set<string>([
    ...CLAIM_CSV_COLUMNS.claim,
    ...CLAIM_CSV_COLUMNS.line,
    ...CLAIM_CSV_COLUMNS.facts,
  ]);
  const unknown = columns.find((name) => !known.has(name));
  if (unknown !== undefined) {
    throw new InputError(
      file,
      { line: header.line, column: unknown },
      `unknown column "${unknown}"`,
    );
  }

  const groups = new Map<
    string,
    { line: number; raw: Record<string, unknown>; lines: unknown[]; facts: Record<string, unknown> }
  >();
  const problems: { line: number; column: string; message: string; claimId: string }[] = [];
  for (const record of records) {
    try {
      readRecord(record);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const id = record.fields[columns.indexOf("claim_id")]?.trim() ?? "";
      problems.push({
        line: record.line,
        column: String(error.location.column ?? ""),
        message: error.message
          .slice(file.length)
          .replace(/^ \([^)]*\)/, "")
          .replace(/^: /, ""),
        claimId: id,
      });
    }
  }
  function readRecord(record: { line: number; fields: string[] }): void {
    if (record.fields.length !== columns.length) {
      throw new InputError(
        file,
        { line: record.line },
        `expected ${columns.length} fields, found ${record.fields.length}`,
      );
    }
    const cell = (name: string): string => {
      const index = columns.indexOf(name);
      return index < 0 ? "" : record.fields[index]!.trim();
    };
    const id = cell("claim_id");
    if (id === "") {
      throw new InputError(file, { line: record.line, column: "claim_id" }, "claim_id is empty");
    }
    let group = groups.get(id);
    if (!group) {
      group = { line: record.line, raw: {}, lines: [], facts: {} };
      groups.set(id, group);
    }
    for (const [column, key] of Object.entries(CLAIM_FIELDS)) {
      mergeCell(group.raw, key, cell(column), file, record.line, column);
    }
    mergeCell(
      group.raw,
      "diagnoses",
      cell("diagnoses") === "" ? "" : list(cell("diagnoses")),
      file,
      record.line,
      "diagnoses",
    );
    const line: Record<string, unknown> = {
      code: cell("code"),
      modifiers: list(cell("modifiers")),
      diagnosisPointers: list(cell("diagnosis_pointers")).map(Number),
    };
    if (cell("units") !== "") line.units = Number(cell("units"));
    if (cell("line_date") !== "") line.dateOfService = cell("line_date");
    group.lines.push(line);
    for (const column of [
      "procedure",
      "technique",
      "guidance",
      "purpose",
      "sedation",
      "ablation_technique",
      "relief_percent",
      "relief_weeks",
    ]) {
      mergeCell(group.facts, column, cell(column), file, record.line, column);
    }
    const levels = cell("levels");
    if (levels !== "") {
      mergeCell(
        group.facts,
        "levels",
        list(levels).map((item) => parseLevelCell(item, file, record.line)),
        file,
        record.line,
        "levels",
      );
    }
    const prior = cell("prior_blocks");
    if (prior !== "") {
      mergeCell(
        group.facts,
        "prior_blocks",
        list(prior).map((item) => parsePriorBlockCell(item, file, record.line)),
        file,
        record.line,
        "prior_blocks",
      );
    }
  }
  const bad = new Set(problems.map((p) => p.claimId));
  const items: ClaimItem[] = problems.map((p): ClaimItem => ({
    kind: "file-problem",
    problem: {
      ruleId: "claim-record",
      severity: "error",
      message: `${p.message}${p.claimId === "" ? "" : `: claim ${p.claimId} is not checked`}`,
      path: p.column,
      line: p.line,
      file,
      scope: `line ${p.line}`,
      source: CSV_LAYOUT,
      ...(p.column === "" ? {} : { column: p.column }),
    },
  }));
  for (const [id, group] of groups) {
    if (bad.has(id)) continue;
    const raw: Record<string, unknown> = { ...group.raw, lines: group.lines };
    if (Object.keys(group.facts).length > 0) raw.facts = group.facts;
    items.push(claimItemFromJson(raw, file, { line: group.line, path: "$" }));
  }
  return items;
}

const CSV_LAYOUT = {
  key: "RATELENS-CLAIM-CSV",
  title: "ratelens claim CSV layout (README: claim CSV columns; ratelens check --help)",
};

function mergeCell(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
  file: string,
  line: number,
  column: string,
): void {
  if (value === "") return;
  const existing = target[key];
  if (existing === undefined) target[key] = value;
  else if (JSON.stringify(existing) !== JSON.stringify(value)) {
    throw new InputError(
      file,
      { line, column },
      `${column} ${JSON.stringify(value)} disagrees with an earlier row of the same claim (${JSON.stringify(existing)})`,
    );
  }
}

/** "C4-C5:bilateral" → { level, side }. */
function parseLevelCell(item: string, file: string, line: number): { level: string; side: string } {
  const [level, side] = item.split(":").map((part) => part.trim());
  if (!level || !side) {
    throw new InputError(
      file,
      { line, column: "levels" },
      `"${item}" must be LEVEL:SIDE, e.g. C4-C5:bilateral`,
    );
  }
  return { level, side };
}

/** "2025-01-10:diagnostic:85" (date, kind, relief %, optional weeks) → prior block. */
function parsePriorBlockCell(item: string, file: string, line: number): Record<string, unknown> {
  const [date, kind, relief, weeks] = item.split(":").map((part) => part.trim());
  if (!date || !kind || !relief) {
    throw new InputError(
      file,
      { line, column: "prior_blocks" },
      `"${item}" must be DATE:KIND:RELIEF%, e.g. 2025-01-10:diagnostic:85`,
    );
  }
  const block: Record<string, unknown> = {
    date,
    kind,
    reliefPercent: Number(relief.replace("%", "")),
  };
  if (weeks) block.durationWeeks = Number(weeks);
  return block;
}

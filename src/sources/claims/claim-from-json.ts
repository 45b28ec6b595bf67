import { InputError, type InputLocation } from "../../errors.js";
import { isBillingCode } from "../billing-code.js";
import type { LevelTreated, PriorBlock, ProcedureFacts } from "./procedure-facts.js";
import { parseSpinalLevel } from "./spinal-levels.js";
import { normalizeDiagnosis, type Claim, type ClaimLine, type ClaimProblem } from "./claim.js";

/**
 * Validates one claim object (from JSON, a JSONL line or a CSV group) into a `Claim`. Keys may be
 * camelCase or snake_case. Every complaint is an `InputError` naming the file, the line when
 * known and the JSON path of the bad value.
 */
export function claimFromJson(
  value: unknown,
  file: string,
  where: { line?: number; path: string },
): Claim {
  const fail = (path: string, problem: string): never => {
    const location: InputLocation = { jsonPath: path };
    if (where.line !== undefined) location.line = where.line;
    throw new InputError(file, location, problem);
  };
  const reader = new ObjectReader(value, where.path, fail);
  const linesValue = reader.array("lines", true) ?? [];
  if (linesValue.length === 0) {
    fail(`${where.path}.lines`, "a claim needs at least one service line");
  }
  // A code that is text but not ICD-10-CM ("XYZ") stays on the claim: the diagnosis rule reports
  // it as a finding on this claim instead of refusing the whole file.
  const diagnoses = (reader.array("diagnoses", false) ?? []).map((d, i) =>
    typeof d === "string" && d.trim() !== ""
      ? /^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/i.test(d.trim())
        ? normalizeDiagnosis(d)
        : d.trim().toUpperCase()
      : fail(`${where.path}.diagnoses[${i}]`, `diagnosis ${JSON.stringify(d)} is not a code`),
  );
  const problems: ClaimProblem[] = [];
  const claim: Claim = {
    id:
      reader.string("id", false) ??
      reader.string("claimId", false) ??
      `${file}:${where.line ?? where.path}`,
    payer: reader.string("payer", true)!,
    dateOfService: reader.date("dateOfService", true)!,
    placeOfService: reader.pos("placeOfService"),
    diagnoses,
    lines: linesValue.map((line, i) =>
      lineFromJson(line, `${where.path}.lines[${i}]`, diagnoses.length, fail, problems, where.line),
    ),
    origin: { file, location: where.line !== undefined ? `line ${where.line}` : where.path },
  };
  const optional = {
    payerId: "payerId",
    renderingNpi: "renderingNpi",
    billingNpi: "billingNpi",
    patientId: "patientId",
    priorAuthorization: "priorAuthorization",
  } as const;
  for (const key of Object.keys(optional) as (keyof typeof optional)[]) {
    const text = reader.string(key, false);
    if (text !== undefined) claim[key] = text;
  }
  for (const key of ["renderingNpi", "billingNpi"] as const) {
    const npi = claim[key];
    if (npi !== undefined && !/^\d{10}$/.test(npi)) {
      fail(`${where.path}.${key}`, `NPI "${npi}" must be 10 digits`);
    }
  }
  const facts = reader.object("facts");
  if (facts !== undefined) claim.facts = factsFromJson(facts, `${where.path}.facts`, fail);
  if (problems.length > 0) claim.problems = problems;
  return claim;
}

function lineFromJson(
  value: unknown,
  path: string,
  diagnosisCount: number,
  fail: (path: string, problem: string) => never,
  problems: ClaimProblem[],
  fileLine: number | undefined,
): ClaimLine {
  const reader = new ObjectReader(value, path, fail);
  const code = reader.string("code", true)!.toUpperCase();
  if (!isBillingCode(code)) {
    fail(`${path}.code`, `"${code}" is not a CPT/HCPCS code (five characters)`);
  }
  const modifiers = (reader.array("modifiers", false) ?? []).map((m, i) =>
    typeof m === "string" && /^[0-9A-Z]{2}$/i.test(m.trim())
      ? m.trim().toUpperCase()
      : fail(`${path}.modifiers[${i}]`, `"${String(m)}" is not a two-character modifier`),
  );
  if (modifiers.length > 4) fail(`${path}.modifiers`, "a line carries at most four modifiers");
  const units = reader.number("units", false) ?? 1;
  if (!Number.isInteger(units) || units < 1 || units > 999) {
    fail(`${path}.units`, `units must be a whole number from 1 to 999, got ${units}`);
  }
  const pointers = (reader.array("diagnosisPointers", false) ?? []).map((p, i) =>
    typeof p === "number" && Number.isInteger(p) && p >= 1 && p <= 12
      ? p
      : fail(
          `${path}.diagnosisPointers[${i}]`,
          `pointer ${JSON.stringify(p)} must be a whole number 1–12`,
        ),
  );
  const missing = pointers.filter((p) => p > diagnosisCount);
  if (missing.length > 0) {
    // A pointer at a missing diagnosis is a finding on this claim, as in X12 (SV107).
    const problem: ClaimProblem = {
      ruleId: "claim-diagnosis-pointer",
      severity: "error",
      message: `${code} points at diagnosis ${missing.join(", ")} but the claim lists ${diagnosisCount}: the pointer leads nowhere`,
      path: `${path.slice(path.lastIndexOf("lines["))}.diagnosisPointers`,
      fix: "Point the line at one of the claim's diagnoses (1 = the first).",
      source: {
        key: "X12-005010X222A1",
        title: "ASC X12 005010X222A1 837P: SV107 diagnosis code pointers",
      },
    };
    if (fileLine !== undefined) problem.line = fileLine;
    problems.push(problem);
  }
  const line: ClaimLine = {
    code,
    modifiers,
    units,
    diagnosisPointers: pointers.filter((p) => p <= diagnosisCount),
  };
  const date = reader.date("dateOfService", false);
  if (date !== undefined) line.dateOfService = date;
  return line;
}

const SIDES = ["left", "right", "bilateral"] as const;

function factsFromJson(
  value: unknown,
  path: string,
  fail: (path: string, problem: string) => never,
): ProcedureFacts {
  const reader = new ObjectReader(value, path, fail);
  const facts: ProcedureFacts = {};
  const procedure = reader.oneOf("procedure", [
    "facet-injection",
    "radiofrequency-ablation",
    "paravertebral-block",
    "transforaminal-epidural",
  ] as const);
  if (procedure) facts.procedure = procedure;
  const technique = reader.oneOf("technique", ["intra-articular", "medial-branch"] as const);
  if (technique) facts.technique = technique;
  const guidance = reader.oneOf("guidance", [
    "fluoroscopy",
    "ct",
    "ultrasound",
    "mri",
    "none",
  ] as const);
  if (guidance) facts.guidance = guidance;
  const purpose = reader.oneOf("purpose", ["diagnostic", "therapeutic"] as const);
  if (purpose) facts.purpose = purpose;
  const sedation = reader.oneOf("sedation", [
    "none",
    "local",
    "moderate",
    "mac",
    "general",
  ] as const);
  if (sedation) facts.sedation = sedation;
  const ablation = reader.oneOf("ablationTechnique", [
    "thermal",
    "pulsed",
    "cooled",
    "cryo",
    "chemical",
    "laser",
  ] as const);
  if (ablation) facts.ablationTechnique = ablation;
  const sites = reader.number("injectionSites", false);
  if (sites !== undefined) facts.injectionSites = sites;
  const relief = reader.number("reliefPercent", false);
  if (relief !== undefined) {
    if (relief < 0 || relief > 100) {
      fail(`${path}.reliefPercent`, `relief must be 0–100 percent, got ${relief}`);
    }
    facts.reliefPercent = relief;
  }
  const reliefWeeks = reader.number("reliefWeeks", false);
  if (reliefWeeks !== undefined) facts.reliefWeeks = reliefWeeks;
  const continuous = reader.boolean("continuousInfusion");
  if (continuous !== undefined) facts.continuousInfusion = continuous;
  const levels = reader.array("levels", false);
  if (levels) {
    facts.levels = levels.map((item, i): LevelTreated => {
      const levelReader = new ObjectReader(item, `${path}.levels[${i}]`, fail);
      const parsed = parseSpinalLevel(levelReader.string("level", true)!);
      if (typeof parsed === "string") fail(`${path}.levels[${i}].level`, parsed);
      const side =
        levelReader.oneOf("side", SIDES) ??
        fail(`${path}.levels[${i}].side`, "side is required: left, right or bilateral");
      return { level: (parsed as { name: string }).name, side };
    });
  }
  const prior = reader.array("priorBlocks", false);
  if (prior) {
    facts.priorBlocks = prior.map((item, i): PriorBlock => {
      const blockReader = new ObjectReader(item, `${path}.priorBlocks[${i}]`, fail);
      const relief = blockReader.number("reliefPercent", true)!;
      if (relief < 0 || relief > 100) {
        fail(
          `${path}.priorBlocks[${i}].reliefPercent`,
          `relief must be 0–100 percent, got ${relief}`,
        );
      }
      const block: PriorBlock = {
        date: blockReader.date("date", true)!,
        kind:
          blockReader.oneOf("kind", ["diagnostic", "therapeutic", "radiofrequency"] as const) ??
          "diagnostic",
        reliefPercent: relief,
      };
      const weeks = blockReader.number("durationWeeks", false);
      if (weeks !== undefined) block.durationWeeks = weeks;
      return block;
    });
  }
  return facts;
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Typed, path-aware access to a plain JSON object's fields (camelCase or snake_case keys). */
class ObjectReader {
  private readonly record: Record<string, unknown>;
  constructor(
    value: unknown,
    private readonly path: string,
    private readonly fail: (path: string, problem: string) => never,
  ) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      fail(path, "expected an object");
    }
    this.record = value as Record<string, unknown>;
  }

  private get(key: string, required: boolean): unknown {
    const value = this.record[key] ?? this.record[snake(key)];
    if (value === undefined || value === null || value === "") {
      if (required) this.fail(`${this.path}.${key}`, `${key} is required`);
      return undefined;
    }
    return value;
  }

  string(key: string, required: boolean): string | undefined {
    const value = this.get(key, required);
    if (value === undefined) return undefined;
    if (typeof value === "number") return String(value);
    if (typeof value !== "string") this.fail(`${this.path}.${key}`, `${key} must be text`);
    return value.trim();
  }

  number(key: string, required: boolean): number | undefined {
    const value = this.get(key, required);
    if (value === undefined) return undefined;
    const number = typeof value === "string" ? Number(value) : value;
    if (typeof number !== "number" || !Number.isFinite(number)) {
      this.fail(`${this.path}.${key}`, `${key} must be a number`);
    }
    return number;
  }

  boolean(key: string): boolean | undefined {
    const value = this.get(key, false);
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") {
      this.fail(`${this.path}.${key}`, `${key} must be true or false`);
    }
    return value;
  }

  array(key: string, required: boolean): unknown[] | undefined {
    const value = this.get(key, required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) this.fail(`${this.path}.${key}`, `${key} must be a list`);
    return value as unknown[];
  }

  object(key: string): unknown {
    return this.get(key, false);
  }

  date(key: string, required: boolean): string | undefined {
    const text = this.string(key, required);
    if (text === undefined) return undefined;
    const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
    const iso = match ? `${match[1]}-${match[2]}-${match[3]}` : "";
    if (
      !match ||
      Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ||
      new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso
    ) {
      this.fail(`${this.path}.${key}`, `"${text}" is not a date (YYYY-MM-DD)`);
    }
    return iso;
  }

  pos(key: string): string {
    const text = this.string(key, true)!;
    if (!/^\d{1,2}$/.test(text)) {
      this.fail(
        `${this.path}.${key}`,
        `place of service "${text}" must be a two-digit code such as 11`,
      );
    }
    return text.padStart(2, "0");
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const text = this.string(key, false);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) {
      this.fail(`${this.path}.${key}`, `"${text}" is not one of ${allowed.join(", ")}`);
    }
    return text as T;
  }
}

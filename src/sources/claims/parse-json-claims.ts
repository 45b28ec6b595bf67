import { jsonSyntaxError } from "../json-syntax-error.js";
import { InputError } from "../../errors.js";
import type { ClaimItem, FileProblem } from "./claim.js";
import { claimFromJson } from "./claim-from-json.js";

/**
 * A JSON claim document: one claim, an array of claims or `{ "claims": [...] }`. A claim that
 * cannot be read is a file problem on its JSON path and the others are still read; invalid JSON
 * (or an empty document) refuses the file, naming the line and column.
 */
export function parseJsonDocument(text: string, file: string): ClaimItem[] {
  if (text.trim() === "") {
    throw new InputError(
      file,
      { byteOffset: 0 },
      'the JSON file is empty: expected a claim object, an array of claims or {"claims": [...]}',
    );
  }
  const value = parseJson(text, file);
  const read = (item: unknown, path: string): ClaimItem => claimItemFromJson(item, file, { path });
  if (Array.isArray(value)) return value.map((item, i) => read(item, `$[${i}]`));
  if (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { claims?: unknown }).claims)
  ) {
    return (value as { claims: unknown[] }).claims.map((item, i) => read(item, `$.claims[${i}]`));
  }
  return [read(value, "$")];
}

/** One claim record as a claim, or as a file problem when it cannot be read (the others go on). */
export function claimItemFromJson(
  value: unknown,
  file: string,
  where: { line?: number; path: string },
): ClaimItem {
  try {
    return { kind: "claim", claim: claimFromJson(value, file, where) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const scope = where.line !== undefined ? `line ${where.line}` : where.path;
    const problem: FileProblem = {
      ruleId: "claim-record",
      severity: "error",
      message: `${error.message}: this claim is not checked`,
      path: error.location.jsonPath ?? where.path,
      file,
      scope,
      source: CLAIM_JSON_LAYOUT,
    };
    if (where.line !== undefined) problem.line = where.line;
    return { kind: "file-problem", problem };
  }
}

const CLAIM_JSON_LAYOUT = {
  key: "RATELENS-CLAIM-JSON",
  title: "ratelens claim file layout (README: Checking claims)",
};

/** JSON.parse with the place of a fault as line, column and byte offset. */
export function parseJson(text: string, file: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const failure = jsonSyntaxError(text, error);
    const before = text.slice(0, failure.index);
    const location = {
      line: (line ?? 1) + (before.match(/\n/g)?.length ?? 0),
      column: failure.index - before.lastIndexOf("\n"),
      byteOffset: Buffer.byteLength(before),
    };
    throw new InputError(file, location, `invalid JSON: ${failure.message}`, { cause: error });
  }
}

import { readFile } from "node:fs/promises";
import { InputError, NotFoundError } from "../../errors.js";
import type { Claim } from "./claim.js";
import { claimFromJson } from "./claim-from-json.js";
import { parseClaimsCsv } from "./parse-claims-csv.js";
import { parseX12837p } from "./parse-x12-837p.js";

/** The claim formats we read, recognised from the content, never from the file name. */
export type ClaimFormat = "x12-837p" | "json" | "jsonl" | "csv";

/** Recognises the format of claim text: ISA → X12; `[` → JSON; `{` → JSON or JSONL; else CSV. */
export function detectClaimFormat(text: string): ClaimFormat {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("ISA")) return "x12-837p";
  if (body.startsWith("[")) return "json";
  if (body.startsWith("{")) {
    const firstLine = body.split("\n", 1)[0]!.trim();
    const rest = body.slice(body.indexOf("\n") + 1).trim();
    if (body.includes("\n") && rest.startsWith("{") && isJson(firstLine)) return "jsonl";
    return "json";
  }
  return "csv";
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses claims from text in any supported format: one JSON claim, a JSON array of claims or
 * `{ "claims": [...] }`, JSONL (one claim per line), CSV (see `CLAIM_CSV_COLUMNS`) or X12 837P.
 * @throws InputError naming `sourceName` and the line, segment or JSON path at fault.
 */
export function parseClaims(text: string, sourceName: string): Claim[] {
  const format = detectClaimFormat(text);
  switch (format) {
    case "x12-837p":
      return parseX12837p(text, sourceName);
    case "csv":
      return parseClaimsCsv(text, sourceName);
    case "jsonl":
      return parseJsonLines(text, sourceName);
    case "json": {
      const value = parseJson(text, sourceName);
      if (Array.isArray(value)) return value.map((item, i) => claimFromJson(item, sourceName, { path: `$[${i}]` }));
      if (typeof value === "object" && value !== null && Array.isArray((value as { claims?: unknown }).claims)) {
        return ((value as { claims: unknown[] }).claims).map((item, i) => claimFromJson(item, sourceName, { path: `$.claims[${i}]` }));
      }
      return [claimFromJson(value, sourceName, { path: "$" })];
    }
  }
}

/** Reads and parses a claim file (see `parseClaims`). */
export async function readClaims(path: string): Promise<Claim[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError(`claim file ${path} does not exist`, { cause: error });
    throw error;
  }
  return parseClaims(text, path);
}

function parseJsonLines(text: string, file: string): Claim[] {
  const claims: Claim[] = [];
  text.split("\n").forEach((raw, index) => {
    const lineText = raw.trim();
    if (lineText === "") return;
    claims.push(claimFromJson(parseJson(lineText, file, index + 1), file, { line: index + 1, path: "$" }));
  });
  return claims;
}

function parseJson(text: string, file: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 reports "... at position N" (Node 20) or "(line L column C)"; turn N into line and column.
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const location: { line?: number; column?: number; byteOffset?: number } = {};
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      location.line = (line ?? 1) + (before.match(/\n/g)?.length ?? 0);
      location.column = offset - before.lastIndexOf("\n");
      location.byteOffset = Buffer.byteLength(before);
    } else if (line !== undefined) location.line = line;
    throw new InputError(file, location, `invalid JSON: ${message}`, { cause: error });
  }
}

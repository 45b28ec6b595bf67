import { InputError } from "../../errors.js";
import type { Claim, ClaimItem } from "./claim.js";
import { parseClaimsCsvItems } from "./parse-claims-csv.js";
import { claimItemFromJson, parseJsonDocument, parseJson } from "./parse-json-claims.js";
import { detectClaimFormat, openClaimInput, readClaimItems } from "./read-claim-items.js";
import { X12ClaimParser } from "./x12-claim-parser.js";

export { detectClaimFormat, type ClaimFormat } from "./read-claim-items.js";

/**
 * Parses claim text already in memory (an upload) into claims and file problems: one JSON claim,
 * a JSON array or `{ "claims": [...] }`, JSONL, CSV (see `CLAIM_CSV_COLUMNS`) or X12 837P/837I.
 * A problem inside a claim rides on the claim (`claim.problems`).
 * @throws InputError only when the file as a whole is unusable.
 */
export function parseClaimItems(text: string, sourceName: string): ClaimItem[] {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") {
    throw new InputError(sourceName, { byteOffset: 0 }, "the file is empty: no claims");
  }
  switch (detectClaimFormat(body)) {
    case "x12": {
      const parser = new X12ClaimParser(sourceName, {
        leadingBytes: body.length < text.length ? 3 : 0,
      });
      return [...parser.push(body), ...parser.end()];
    }
    case "csv":
      return parseClaimsCsvItems(body, sourceName);
    case "jsonl":
      return body.split("\n").flatMap((raw, index): ClaimItem[] => {
        if (raw.trim() === "") return [];
        return [
          claimItemFromJson(parseJson(raw.trim(), sourceName, index + 1), sourceName, {
            line: index + 1,
            path: "$",
          }),
        ];
      });
    case "json":
      return parseJsonDocument(body, sourceName);
  }
}

/**
 * Parses claim text strictly: the claims, or an `InputError` for the first record or
 * transaction that could not be read (for callers that cannot report file problems).
 */
export function parseClaims(text: string, sourceName: string): Claim[] {
  return strict(parseClaimItems(text, sourceName));
}

/** Reads a claim file whole (e.g. `--history`), strictly; "-" is standard input. */
export async function readClaims(path: string): Promise<Claim[]> {
  const items: ClaimItem[] = [];
  for await (const batch of readClaimItems(await openClaimInput(path))) items.push(...batch);
  return strict(items);
}

function strict(items: readonly ClaimItem[]): Claim[] {
  const claims: Claim[] = [];
  for (const item of items) {
    if (item.kind === "claim") claims.push(item.claim);
    else if (item.problem.severity === "error") {
      const { file, line, byteOffset, path, message, column } = item.problem;
      const location: { line?: number; byteOffset?: number; jsonPath?: string; column?: string } =
        column === undefined ? { jsonPath: path } : { column };
      if (line !== undefined) location.line = line;
      if (byteOffset !== undefined) location.byteOffset = byteOffset;
      throw new InputError(
        file,
        location,
        message.startsWith(file) ? message.slice(file.length).replace(/^[^:]*: /, "") : message,
      );
    }
  }
  return claims;
}

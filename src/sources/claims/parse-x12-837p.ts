import type { Claim, ClaimLine } from "./claim.js";
import { normalizeDiagnosis } from "./claim.js";
import { segmentError, splitSegments, type X12Segment } from "./x12-segments.js";
import { InputError } from "../../errors.js";
import { isBillingCode } from "../billing-code.js";

/**
 * Reads X12 005010X222A1 (837P, professional) claims: the loops and segments the claim checks
 * need. 2010AA NM1*85 billing provider NPI; 2010BA NM1*IL member id; 2010BB NM1*PR payer name
 * and id; 2300 CLM (id, place of service in CLM05-1), REF*G1 prior authorization, HI diagnoses
 * (ABK principal, ABF others); 2310B NM1*82 rendering NPI; 2400 LX / SV1 (code, modifiers,
 * units, pointers) / DTP*472 service date; 2420A NM1*82 line rendering NPI. Other segments are
 * skipped. The transaction's SE count is checked, so a truncated file fails loudly.
 * @see https://x12.org/products/transaction-sets (837 Health Care Claim: Professional)
 */
export function parseX12837p(text: string, file: string): Claim[] {
  const { delimiters, segments } = splitSegments(text, file);
  const claims: Claim[] = [];
  let billingNpi: string | undefined;
  let payer: { name: string; id?: string } | undefined;
  let patientId: string | undefined;
  let claim: Claim | undefined;
  let claimSegment: X12Segment | undefined;
  let line: ClaimLine | undefined;
  let lineDates: (string | undefined)[] = [];
  let transactionStart: X12Segment | undefined;
  let sawTransaction = false;

  const finishClaim = (): void => {
    if (!claim || !claimSegment) return;
    if (claim.lines.length === 0) throw segmentError(file, claimSegment, `claim ${claim.id} has no service lines (SV1)`);
    const dates = lineDates.filter((d): d is string => d !== undefined).sort();
    const first = dates[0];
    if (first === undefined) throw segmentError(file, claimSegment, `claim ${claim.id} has no service date (DTP*472)`);
    claim.dateOfService = first;
    claim.lines.forEach((l, i) => {
      const date = lineDates[i];
      if (date !== undefined && date !== first) l.dateOfService = date;
    });
    for (const l of claim.lines) {
      for (const pointer of l.diagnosisPointers) {
        if (pointer > claim.diagnoses.length) throw segmentError(file, claimSegment, `claim ${claim.id}: a line points at diagnosis ${pointer} but HI lists ${claim.diagnoses.length}`);
      }
    }
    claims.push(claim);
    claim = undefined;
    claimSegment = undefined;
    line = undefined;
  };

  for (const segment of segments) {
    const e = (n: number): string => segment.elements[n] ?? "";
    switch (segment.id) {
      case "ST":
        if (e(1) !== "837") throw segmentError(file, segment, `transaction set ${e(1)} is not an 837 claim`, 1);
        transactionStart = segment;
        sawTransaction = true;
        break;
      case "SE": {
        finishClaim();
        if (!transactionStart) throw segmentError(file, segment, "SE without ST");
        const count = segment.index - transactionStart.index + 1;
        if (Number(e(1)) !== count) throw segmentError(file, segment, `SE says ${e(1)} segments but the transaction has ${count}: the file is truncated or edited`, 1);
        transactionStart = undefined;
        break;
      }
      case "HL":
        finishClaim();
        // HL03: 20 billing provider, 22 subscriber, 23 patient
        if (e(3) === "20") {
          billingNpi = undefined;
          payer = undefined;
        }
        if (e(3) === "22") {
          payer = undefined;
          patientId = undefined;
        }
        break;
      case "NM1": {
        const npi = e(8) === "XX" ? e(9) : undefined;
        if (e(1) === "85") billingNpi = npi;
        else if (e(1) === "IL") patientId = e(9) || undefined;
        else if (e(1) === "PR") payer = e(9) ? { name: e(3), id: e(9) } : { name: e(3) };
        else if (e(1) === "82" && claim) {
          if (!npi) throw segmentError(file, segment, "rendering provider NM1*82 has no NPI (NM108 XX)", 9);
          // 2420A (line-level rendering) is rare for one physician's session; the claim's stays.
          if (!line) claim.renderingNpi = npi;
        }
        break;
      }
      case "CLM": {
        finishClaim();
        const facility = e(5).split(delimiters.component);
        const pos = facility[0] ?? "";
        if (!/^\d{2}$/.test(pos)) throw segmentError(file, segment, `CLM05-1 place of service "${pos}" is not a two-digit code`, 5);
        if (!payer) throw segmentError(file, segment, "claim before any payer (2010BB NM1*PR)");
        if (!e(1)) throw segmentError(file, segment, "CLM01 claim id is empty", 1);
        claim = { id: e(1), payer: payer.name, dateOfService: "", placeOfService: pos, diagnoses: [], lines: [], origin: { file, location: `segment ${segment.index} (CLM), line ${segment.line}` } };
        if (payer.id !== undefined) claim.payerId = payer.id;
        if (billingNpi !== undefined) {
          claim.billingNpi = billingNpi;
          claim.renderingNpi = billingNpi; // 837P omits 2310B when billing and rendering are the same
        }
        if (patientId !== undefined) claim.patientId = patientId;
        claimSegment = segment;
        lineDates = [];
        break;
      }
      case "REF":
        if (claim && !line && e(1) === "G1") claim.priorAuthorization = e(2);
        break;
      case "HI":
        if (!claim) throw segmentError(file, segment, "HI outside a claim");
        for (let n = 1; n < segment.elements.length; n++) {
          const [qualifier, code] = e(n).split(delimiters.component);
          if (qualifier === "ABK" || qualifier === "ABF") {
            if (!code || !/^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/.test(code)) throw segmentError(file, segment, `"${code ?? ""}" is not an ICD-10-CM code`, n);
            claim.diagnoses.push(normalizeDiagnosis(code));
          } else if (qualifier === "BK" || qualifier === "BF") {
            throw segmentError(file, segment, "ICD-9 diagnosis codes (BK/BF) are not accepted after 2015; use ICD-10-CM (ABK/ABF)", n);
          }
        }
        break;
      case "LX":
        if (!claim) throw segmentError(file, segment, "LX outside a claim");
        line = undefined;
        break;
      case "SV1": {
        if (!claim) throw segmentError(file, segment, "SV1 outside a claim");
        const procedure = e(1).split(delimiters.component);
        if (procedure[0] !== "HC") throw segmentError(file, segment, `SV101-1 qualifier "${procedure[0] ?? ""}" is not HC (CPT/HCPCS)`, 1);
        const code = (procedure[1] ?? "").toUpperCase();
        if (!isBillingCode(code)) throw segmentError(file, segment, `"${code}" is not a CPT/HCPCS code`, 1);
        if (e(3) !== "" && e(3) !== "UN") throw segmentError(file, segment, `SV103 unit basis "${e(3)}" is not UN (units); minutes are not supported for these codes`, 3);
        const units = e(4) === "" ? 1 : Number(e(4));
        if (!Number.isInteger(units) || units < 1) throw segmentError(file, segment, `SV104 units "${e(4)}" is not a whole number of units`, 4);
        const pointers = e(7) === "" ? [] : e(7).split(delimiters.component).map(Number);
        if (pointers.some((p) => !Number.isInteger(p) || p < 1 || p > 12)) throw segmentError(file, segment, `SV107 diagnosis pointers "${e(7)}" must be numbers 1–12`, 7);
        line = { code, modifiers: procedure.slice(2, 6).filter((m) => m !== "").map((m) => m.toUpperCase()), units, diagnosisPointers: pointers, origin: `segment ${segment.index} (SV1), line ${segment.line}` };
        claim.lines.push(line);
        lineDates.push(undefined);
        break;
      }
      case "DTP":
        if (claim && line && e(1) === "472") {
          const date = e(2) === "RD8" ? e(3).split("-")[0] ?? "" : e(3);
          if (!/^\d{8}$/.test(date)) throw segmentError(file, segment, `service date "${e(3)}" is not CCYYMMDD`, 3);
          lineDates[lineDates.length - 1] = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
        }
        break;
      default:
        break;
    }
  }
  finishClaim();
  if (!sawTransaction) throw new InputError(file, { byteOffset: 0 }, "the interchange holds no 837 transaction (ST*837)");
  if (transactionStart) throw segmentError(file, transactionStart, "the transaction has no SE trailer: the file is truncated");
  return claims;
}

import type { Claim, ClaimItem, ClaimLine, ClaimProblem, ProblemSource } from "./claim.js";
import { normalizeDiagnosis } from "./claim.js";
import {
  segmentError,
  segmentPath,
  X12SegmentReader,
  type X12Segment,
  type X12SegmentPosition,
} from "./x12-segments.js";
import { InputError } from "../../errors.js";
import { isoDate, modifiersOf, splitOn, validPointer } from "./x12-values.js";

/** The implementation guides whose claims we read; the version is in GS08 and ST03. */
export const X12_837P = "005010X222A1";
export const X12_837I = "005010X223A2";

const GUIDE_837P: ProblemSource = {
  key: "X12-005010X222A1",
  title: "ASC X12 005010X222A1 Health Care Claim: Professional (837P) implementation guide",
  url: "https://x12.org/products/transaction-sets",
};
const GUIDE_837I: ProblemSource = {
  key: "X12-005010X223A2",
  title: "ASC X12 005010X223A2 Health Care Claim: Institutional (837I) implementation guide",
  url: "https://x12.org/products/transaction-sets",
};
const ICD10_MANDATE: ProblemSource = {
  key: "CMS-ICD10-2015",
  title: "HIPAA ICD-10 final rule (45 CFR 162.1002): ICD-10-CM for services on or after 2015-10-01",
  url: "https://www.cms.gov/medicare/coding-billing/icd-10-codes",
};
const ICD10_START = "2015-10-01";

/** Segments whose elements the parser reads; the others are counted but not split. */
const WANTED = new Set([
  "ISA",
  "IEA",
  "GS",
  "GE",
  "ST",
  "SE",
  "HL",
  "NM1",
  "CLM",
  "REF",
  "HI",
  "LX",
  "SV1",
  "SV2",
  "DTP",
]);
/** HI qualifiers carrying ICD-10-CM diagnoses (principal, other, admitting, patient reason). */
const ICD10_QUALIFIERS = new Set(["ABK", "ABF", "ABJ", "APR"]);
const ICD9_QUALIFIERS = new Set(["BK", "BF", "BJ", "PR"]);
/** SV101-1 / SV202-1 qualifiers allowed by the 5010 guides besides HC, which we do not check. */
const OTHER_PROCEDURE_QUALIFIERS = new Set(["ER", "IV", "WK", "HP", "N4"]);

interface OpenClaim {
  claim: Claim;
  segment: X12SegmentPosition;
  guide: ProblemSource;
  lineDates: (string | undefined)[];
  statementDate: string | undefined;
  problems: ClaimProblem[];
  /** Service lines seen, read or not (for messages: "claim line 3"). */
  lineCount: number;
}

/**
 * Reads X12 837 claims segment by segment: 005010X222A1 (837P, professional) in full, and
 * 005010X223A2 (837I, institutional) far enough to list its claims (CLM, HI, SV2, dates). Loops
 * read: 2010AA NM1*85 billing NPI; 2010BA NM1*IL member id; 2010BB NM1*PR payer; 2300 CLM,
 * REF*G1, HI; 2310B NM1*82 rendering NPI; 2400 LX / SV1 or SV2 / DTP*472.
 *
 * A problem inside a claim becomes a `ClaimProblem` on that claim and reading goes on; a bad
 * SE/GE/IEA count is a file problem on its transaction. Only an unusable envelope (no ISA, an
 * unknown version such as 4010, not an 837) throws an `InputError`.
 */
export class X12ClaimParser {
  private readonly reader: X12SegmentReader;
  private out: ClaimItem[] = [];
  private guide: ProblemSource = GUIDE_837P;
  private institutional = false;
  private billingNpi: string | undefined;
  private payer: { name: string; id?: string } | undefined;
  private patientId: string | undefined;
  private open: OpenClaim | undefined;
  private line: ClaimLine | undefined;
  private transaction: { segment: X12SegmentPosition; control: string } | undefined;
  private group: { segment: X12SegmentPosition; control: string; transactions: number } | undefined;
  private interchange: { segment: X12SegmentPosition; control: string; groups: number } | undefined;
  private sawTransaction = false;
  /** After a service line that was not read (bad qualifier or units): its DTP and REF are skipped. */
  private inDroppedLine = false;

  /** Where items go as they are completed (`push` then returns none); else `push` returns them. */
  private readonly onItem: ((item: ClaimItem) => void) | undefined;

  constructor(
    private readonly file: string,
    options: {
      unitBytes?: number;
      leadingBytes?: number;
      /** Whether the text so far is all ASCII, when the decoder knows (else each chunk is scanned). */
      asciiSoFar?: () => boolean;
      onItem?: (item: ClaimItem) => void;
    } = {},
  ) {
    this.onItem = options.onItem;
    this.reader = new X12SegmentReader(
      file,
      WANTED,
      (segment) => {
        this.segment(segment);
      },
      options.unitBytes ?? 0,
      options.leadingBytes ?? 0,
      options.asciiSoFar,
    );
  }

  /** Feeds text; returns the claims and file problems completed so far. */
  push(chunk: string): ClaimItem[] {
    this.reader.push(chunk);
    return this.take();
  }

  /** Ends the input: finishes the last claim and reports a missing trailer. */
  end(): ClaimItem[] {
    this.reader.end();
    this.finishClaim();
    if (!this.sawTransaction) {
      throw new InputError(
        this.file,
        { byteOffset: 0 },
        "the interchange holds no 837 transaction (ST*837)",
      );
    }
    if (this.transaction) {
      this.fileProblem(
        this.transaction.segment,
        "x12-envelope",
        "the transaction has no SE trailer: the file is truncated; the claims read up to here are checked",
        this.transaction.control,
      );
    } else if (this.group) {
      this.fileProblem(
        this.group.segment,
        "x12-envelope",
        "the functional group has no GE trailer: the file is truncated",
        this.group.control,
      );
    } else if (this.interchange) {
      this.fileProblem(
        this.interchange.segment,
        "x12-envelope",
        "the interchange has no IEA trailer: the file is truncated",
        this.interchange.control,
      );
    }
    return this.take();
  }

  private emit(item: ClaimItem): void {
    if (this.onItem) this.onItem(item);
    else this.out.push(item);
  }

  private take(): ClaimItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  private problem(
    segment: X12SegmentPosition,
    ruleId: string,
    severity: ClaimProblem["severity"],
    message: string,
    element?: number,
    fix?: string,
  ): void {
    const problem: ClaimProblem = {
      ruleId,
      severity,
      message,
      path: segmentPath(segment, element),
      line: segment.line,
      byteOffset: segment.byteOffset,
      source: this.guide,
    };
    if (fix !== undefined) problem.fix = fix;
    if (this.open) this.open.problems.push(problem);
    else {
      this.emit({
        kind: "file-problem",
        problem: {
          ...problem,
          file: this.file,
          scope: this.transaction ? `transaction ${this.transaction.control}` : "interchange",
        },
      });
    }
  }

  private fileProblem(
    segment: X12SegmentPosition,
    ruleId: string,
    message: string,
    control: string,
    element?: number,
  ): void {
    const scope =
      segment.id === "ST" || segment.id === "SE"
        ? `transaction ${control}`
        : segment.id === "GS" || segment.id === "GE"
          ? `functional group ${control}`
          : `interchange ${control}`;
    this.emit({
      kind: "file-problem",
      problem: {
        ruleId,
        severity: "error",
        message,
        path: segmentPath(segment, element),
        line: segment.line,
        byteOffset: segment.byteOffset,
        source: this.guide,
        file: this.file,
        scope,
      },
    });
  }

  /** Splits a composite, accepting a wrong separator (with a problem) when the declared one is absent. */
  private composite(segment: X12Segment, element: number, pattern: RegExp): string[] {
    const value = segment.element(element);
    const declared = this.reader.delimiters!.component;
    if (value.includes(declared) || value === "") return splitOn(value, declared);
    const used = pattern.exec(value)?.[1];
    if (used === undefined) return [value];
    this.problem(
      segment,
      "x12-syntax",
      "error",
      `${segmentPath(segment, element)} "${value}" separates its components with "${used}", but the ISA header (ISA16) declares "${declared}"; read with "${used}"`,
      element,
      `Send the composite with the declared separator "${declared}" (clearinghouses reject the claim otherwise).`,
    );
    return splitOn(value, used);
  }

  private segment(segment: X12Segment): void {
    switch (segment.id) {
      case "ISA":
        this.interchange = { segment: segment.position(), control: segment.element(13), groups: 0 };
        if (this.reader.isaWidth !== 106) {
          this.problem(
            segment,
            "x12-syntax",
            "warning",
            `the ISA header is ${this.reader.isaWidth} characters, not the fixed 106: a field is not padded`,
          );
        }
        break;
      case "GS":
        this.group = { segment: segment.position(), control: segment.element(6), transactions: 0 };
        if (this.interchange) this.interchange.groups++;
        this.version(segment, segment.element(8), 8);
        break;
      case "ST":
        this.finishClaim();
        if (segment.element(1) !== "837") {
          throw segmentError(
            this.file,
            segment,
            `transaction set ${segment.element(1)} is not an 837 claim (835 is a remittance, 270/271 eligibility): ratelens checks 837 claims`,
            1,
          );
        }
        if (segment.element(3) !== "") this.version(segment, segment.element(3), 3);
        this.transaction = { segment: segment.position(), control: segment.element(2) };
        if (this.group) this.group.transactions++;
        this.sawTransaction = true;
        this.resetParties();
        break;
      case "SE": {
        this.finishClaim();
        if (!this.transaction) {
          this.problem(segment, "x12-envelope", "error", "SE without a matching ST");
          break;
        }
        const count = segment.index - this.transaction.segment.index + 1;
        if (Number(segment.element(1)) !== count) {
          this.fileProblem(
            segment,
            "x12-envelope",
            `SE01 says ${segment.element(1)} segments but transaction ${this.transaction.control} has ${count}: it was truncated or edited`,
            this.transaction.control,
            1,
          );
        }
        if (segment.element(2) !== this.transaction.control) {
          this.fileProblem(
            segment,
            "x12-envelope",
            `SE02 control number "${segment.element(2)}" does not match ST02 "${this.transaction.control}"`,
            this.transaction.control,
            2,
          );
        }
        this.transaction = undefined;
        break;
      }
      case "GE":
        if (this.group) {
          if (Number(segment.element(1)) !== this.group.transactions) {
            this.fileProblem(
              segment,
              "x12-envelope",
              `GE01 says ${segment.element(1)} transaction(s) but functional group ${this.group.control} has ${this.group.transactions}`,
              this.group.control,
              1,
            );
          }
          if (segment.element(2) !== this.group.control) {
            this.fileProblem(
              segment,
              "x12-envelope",
              `GE02 control number "${segment.element(2)}" does not match GS06 "${this.group.control}"`,
              this.group.control,
              2,
            );
          }
        }
        this.group = undefined;
        break;
      case "IEA":
        if (this.interchange) {
          if (Number(segment.element(1)) !== this.interchange.groups) {
            this.fileProblem(
              segment,
              "x12-envelope",
              `IEA01 says ${segment.element(1)} functional group(s) but the interchange has ${this.interchange.groups}`,
              this.interchange.control,
              1,
            );
          }
          if (segment.element(2) !== this.interchange.control) {
            this.fileProblem(
              segment,
              "x12-envelope",
              `IEA02 control number "${segment.element(2)}" does not match ISA13 "${this.interchange.control}"`,
              this.interchange.control,
              2,
            );
          }
        }
        this.interchange = undefined;
        break;
      case "HL":
        this.finishClaim();
        // HL03: 20 billing provider, 22 subscriber, 23 patient
        if (segment.element(3) === "20") this.resetParties();
        if (segment.element(3) === "22") {
          this.payer = undefined;
          this.patientId = undefined;
        }
        break;
      case "NM1":
        this.nm1(segment);
        break;
      case "CLM":
        this.clm(segment);
        break;
      case "REF":
        if (this.open && !this.line && !this.inDroppedLine && segment.element(1) === "G1") {
          this.open.claim.priorAuthorization = segment.element(2);
        }
        break;
      case "HI":
        this.hi(segment);
        break;
      case "LX":
        this.line = undefined;
        this.inDroppedLine = false;
        break;
      case "SV1":
      case "SV2":
        this.serviceLine(segment);
        break;
      case "DTP":
        this.dtp(segment);
        break;
      default:
        break;
    }
  }

  /** Checks the implementation-guide version (GS08 or ST03); anything but 5010 837P/837I is refused. */
  private version(segment: X12Segment, version: string, element: number): void {
    if (version === X12_837P) {
      this.guide = GUIDE_837P;
      this.institutional = false;
    } else if (/^005010X223A[123]$/.test(version)) {
      this.guide = GUIDE_837I;
      this.institutional = true;
    } else if (version.startsWith("004010")) {
      throw segmentError(
        this.file,
        segment,
        `version ${version} is ANSI X12 4010, retired for HIPAA claims on 2012-01-01; ratelens reads 5010 claims (837P ${X12_837P}, 837I ${X12_837I}): have the file sent in 5010`,
        element,
      );
    } else {
      throw segmentError(
        this.file,
        segment,
        `version "${version}" is not one ratelens reads (837P ${X12_837P}, 837I ${X12_837I})${version.includes("X224") ? ": X224 is the dental 837D" : ""}`,
        element,
      );
    }
  }

  private resetParties(): void {
    this.billingNpi = undefined;
    this.payer = undefined;
    this.patientId = undefined;
  }

  private nm1(segment: X12Segment): void {
    const entity = segment.element(1);
    const id = segment.element(9);
    const npi = segment.element(8) === "XX" ? id : undefined;
    if (entity === "85") this.billingNpi = npi;
    else if (entity === "IL") this.patientId = id || undefined;
    else if (entity === "PR") {
      this.payer = id ? { name: segment.element(3), id } : { name: segment.element(3) };
    } else if ((entity === "82" || entity === "71") && this.open) {
      if (!npi) {
        this.problem(
          segment,
          "x12-syntax",
          "warning",
          `${entity === "82" ? "rendering" : "attending"} provider NM1*${entity} has no NPI (NM108 XX)`,
          9,
        );
      }
      // 2420A (line-level rendering) is rare for one physician's session; the claim's stays.
      else if (!this.line) this.open.claim.renderingNpi = npi;
    }
  }

  private clm(segment: X12Segment): void {
    this.finishClaim();
    const id = segment.element(1) || `segment ${segment.index}`;
    const claim: Claim = {
      id,
      payer: this.payer?.name ?? "",
      dateOfService: "",
      placeOfService: "",
      diagnoses: [],
      lines: [],
      origin: { file: this.file, location: `segment ${segment.index} (CLM), line ${segment.line}` },
    };
    this.open = {
      claim,
      segment: segment.position(),
      guide: this.guide,
      lineDates: [],
      statementDate: undefined,
      problems: [],
      lineCount: 0,
    };
    if (!segment.element(1)) {
      this.problem(segment, "x12-syntax", "error", "CLM01 claim id is empty", 1);
    }
    if (!this.payer) {
      this.problem(
        segment,
        "x12-syntax",
        "error",
        "the claim comes before any payer (2010BB NM1*PR): payer unknown, payer policies not applied",
      );
    }
    const facility = this.composite(segment, 5, /^\d{1,2}([^0-9A-Za-z])/);
    if (this.institutional) {
      claim.kind = "institutional";
      claim.typeOfBill = `${facility[0] ?? ""}${facility[2] ?? ""}`;
    } else {
      const pos = facility[0] ?? "";
      if (/^\d{2}$/.test(pos)) claim.placeOfService = pos;
      else {
        this.problem(
          segment,
          "x12-syntax",
          "error",
          `CLM05-1 place of service "${pos}" is not a two-digit code: priced as non-facility`,
          5,
        );
      }
    }
    if (this.payer?.id !== undefined) claim.payerId = this.payer.id;
    if (this.billingNpi !== undefined) {
      claim.billingNpi = this.billingNpi;
      claim.renderingNpi = this.billingNpi; // 837P omits 2310B when billing and rendering are the same
    }
    if (this.patientId !== undefined) claim.patientId = this.patientId;
    this.line = undefined;
  }

  private hi(segment: X12Segment): void {
    const open = this.open;
    if (!open) {
      this.problem(segment, "x12-syntax", "error", "HI outside a claim: ignored");
      return;
    }
    for (let n = 1; n < segment.elementCount; n++) {
      const [qualifier = "", code = ""] = this.composite(segment, n, /^[A-Z]{2,3}([^0-9A-Za-z])/);
      const index = open.claim.diagnoses.length;
      if (ICD10_QUALIFIERS.has(qualifier)) {
        open.claim.diagnoses.push(normalizeDiagnosis(code));
        if (!/^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/.test(code)) {
          open.problems.push(
            this.diagnosisProblem(
              segment,
              index,
              "x12-syntax",
              "error",
              `"${code}" at ${segmentPath(segment, n)} (qualifier ${qualifier}) is not shaped like an ICD-10-CM code`,
            ),
          );
        }
      } else if (ICD9_QUALIFIERS.has(qualifier)) {
        open.claim.diagnoses.push(normalizeDiagnosis(code));
        // The date decides (known when the claim ends): see finishClaim.
        open.problems.push(
          this.diagnosisProblem(
            segment,
            index,
            "claim-icd9-diagnosis",
            "error",
            `diagnosis ${code} at ${segmentPath(segment, n)} is ICD-9-CM (qualifier ${qualifier})`,
          ),
        );
      }
    }
  }

  private diagnosisProblem(
    segment: X12SegmentPosition,
    index: number,
    ruleId: string,
    severity: ClaimProblem["severity"],
    message: string,
  ): ClaimProblem {
    return {
      ruleId,
      severity,
      message,
      path: `diagnoses[${index}]`,
      line: segment.line,
      byteOffset: segment.byteOffset,
      source: ruleId === "claim-icd9-diagnosis" ? ICD10_MANDATE : this.guide,
    };
  }

  private serviceLine(segment: X12Segment): void {
    const open = this.open;
    if (!open) {
      this.problem(segment, "x12-syntax", "error", `${segment.id} outside a claim: ignored`);
      return;
    }
    this.line = undefined;
    this.inDroppedLine = false;
    const sv2 = segment.id === "SV2";
    const procedureElement = sv2 ? 2 : 1;
    const procedure = this.composite(segment, procedureElement, /^[A-Z]{2}([^0-9A-Za-z])/);
    const qualifier = procedure[0] ?? "";
    const lineNo = ++open.lineCount;
    // Only messages use it: built when a problem is reported, not for every line.
    const label = (): string => `claim line ${lineNo} (${segmentPath(segment)})`;
    // An 837I line may carry only a revenue code (room and board): no procedure to check.
    if (sv2 && qualifier === "") {
      this.addLine({
        code: "",
        modifiers: [],
        units: Number(segment.element(5)) || 1,
        diagnosisPointers: [],
        revenueCode: segment.element(1),
        origin: `${segmentPath(segment)}, line ${segment.line}`,
      });
      return;
    }
    if (qualifier !== "HC") {
      const known = OTHER_PROCEDURE_QUALIFIERS.has(qualifier);
      this.problem(
        segment,
        known ? "x12-procedure-qualifier" : "x12-syntax",
        known ? "info" : "error",
        `${label()}: ${segment.id}0${procedureElement}-1 qualifier "${qualifier}" ${known ? "is not HC (CPT/HCPCS); the line is not checked" : "is not a code set the 5010 guide allows (HC, ER, IV, WK); the line is not checked"}`,
        procedureElement,
      );
      this.inDroppedLine = true;
      return;
    }
    const code = (procedure[1] ?? "").toUpperCase();
    if (!/^[0-9A-Z]{5}$/.test(code)) {
      this.problem(
        segment,
        "x12-syntax",
        "error",
        `${label()}: "${code}" is not a CPT/HCPCS code; the line is not checked`,
        procedureElement,
      );
      this.inDroppedLine = true;
      return;
    }
    const basis = segment.element(sv2 ? 4 : 3);
    const quantity = segment.element(sv2 ? 5 : 4);
    let units = quantity === "" ? 1 : Number(quantity);
    let minutes: number | undefined;
    if (basis === "MJ") {
      // Anesthesia time: minutes, one service (CMS converts minutes to time units when pricing).
      if (!Number.isFinite(units) || units <= 0) {
        this.problem(
          segment,
          "x12-syntax",
          "error",
          `${label()}: SV104 minutes "${quantity}" is not a positive number`,
          4,
        );
      } else minutes = units;
      units = 1;
    } else {
      if (basis !== "" && basis !== "UN") {
        this.problem(
          segment,
          "x12-syntax",
          "warning",
          `${label()}: unit basis "${basis}" is neither UN (units) nor MJ (minutes); read as units`,
          sv2 ? 4 : 3,
        );
      }
      if (!Number.isInteger(units) || units < 1) {
        this.problem(
          segment,
          "x12-syntax",
          "error",
          `${label()}: units "${quantity}" is not a whole number of units; the line is not checked`,
          sv2 ? 5 : 4,
        );
        this.inDroppedLine = true;
        return;
      }
    }
    let pointers: number[] = [];
    if (!sv2 && segment.element(7) !== "") {
      const parts = this.composite(segment, 7, /^\d{1,2}([^0-9])/);
      pointers = parts.map(Number);
      let invalid = false;
      for (let n = 0; n < parts.length; n++) {
        if (validPointer(pointers[n]!)) continue;
        invalid = true;
        this.problem(
          segment,
          "x12-syntax",
          "error",
          `${label()}: SV107 diagnosis pointer "${parts[n]}" is not a number 1–12`,
          7,
        );
      }
      if (invalid) pointers = pointers.filter(validPointer);
    }
    const line: ClaimLine = {
      code,
      modifiers: modifiersOf(procedure),
      units,
      diagnosisPointers: pointers,
      origin: `${segmentPath(segment)}, line ${segment.line}`,
    };
    if (minutes !== undefined) line.minutes = minutes;
    if (sv2 && segment.element(1) !== "") line.revenueCode = segment.element(1);
    this.addLine(line);
  }

  private addLine(line: ClaimLine): void {
    const open = this.open!;
    open.claim.lines.push(line);
    open.lineDates.push(undefined);
    this.line = line;
  }

  private dtp(segment: X12Segment): void {
    const open = this.open;
    if (!open || this.inDroppedLine) return;
    const qualifier = segment.element(1);
    if (qualifier !== "472" && qualifier !== "434") return;
    const value = segment.element(3);
    const dash = value.indexOf("-");
    const date = segment.element(2) === "RD8" && dash >= 0 ? value.slice(0, dash) : value;
    const iso = isoDate(date);
    if (iso === undefined) {
      this.problem(
        segment,
        "x12-syntax",
        "error",
        `service date "${value}" is not a CCYYMMDD date`,
        3,
      );
      return;
    }
    if (qualifier === "434") open.statementDate = iso;
    else if (this.line) open.lineDates[open.lineDates.length - 1] = iso;
  }

  private finishClaim(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    this.line = undefined;
    this.inDroppedLine = false;
    const { claim, segment, lineDates: kept, problems } = open;
    // The earliest line date (ISO dates compare as strings), else the statement date.
    let earliest: string | undefined;
    for (const date of kept) {
      if (date !== undefined && (earliest === undefined || date < earliest)) earliest = date;
    }
    const first = earliest ?? open.statementDate;
    const where = { line: segment.line, byteOffset: segment.byteOffset, source: open.guide };
    if (first === undefined) {
      problems.push({
        ruleId: "x12-syntax",
        severity: "error",
        message: `claim ${claim.id} has no service date (DTP*472${claim.kind === "institutional" ? " or DTP*434" : ""}): the claim's rules are not run`,
        path: segmentPath(segment),
        ...where,
      });
      claim.unreadable = true;
    } else claim.dateOfService = first;
    claim.lines.forEach((l, i) => {
      const date = kept[i];
      if (date !== undefined && date !== first) l.dateOfService = date;
    });
    if (claim.lines.length === 0) {
      problems.push({
        ruleId: "x12-syntax",
        severity: "error",
        message: `claim ${claim.id} has no readable service lines (${claim.kind === "institutional" ? "SV2" : "SV1"}): the claim's rules are not run`,
        path: segmentPath(segment),
        ...where,
      });
      claim.unreadable = true;
    }
    claim.lines.forEach((l, i) => {
      const missing = l.diagnosisPointers.filter((p) => p > claim.diagnoses.length);
      if (missing.length === 0) return;
      l.diagnosisPointers = l.diagnosisPointers.filter((p) => p <= claim.diagnoses.length);
      problems.push({
        ruleId: "claim-diagnosis-pointer",
        severity: "error",
        message: `line ${i + 1} (${l.code}) points at diagnosis ${missing.join(", ")} but the claim lists ${claim.diagnoses.length}: the pointer leads nowhere`,
        path: `lines[${i}].diagnosisPointers`,
        ...where,
        fix: "Point SV107 at one of the claim's HI diagnoses (1 = the first).",
      });
    });
    for (const problem of problems) {
      if (problem.ruleId !== "claim-icd9-diagnosis") continue;
      if (claim.dateOfService !== "" && claim.dateOfService < ICD10_START) {
        problem.severity = "info";
        problem.message = `${problem.message}, valid for a service on ${claim.dateOfService} (before ${ICD10_START}); ICD-9 codes are outside the diagnosis rules`;
      } else {
        problem.message = `${problem.message}, but the service is on ${claim.dateOfService || "an unknown date"}: claims for services on or after ${ICD10_START} must use ICD-10-CM, so the claim is rejected`;
        problem.fix = "Code the diagnosis in ICD-10-CM (HI qualifier ABK/ABF).";
      }
    }
    if (problems.length > 0) claim.problems = problems;
    this.emit({ kind: "claim", claim });
  }
}

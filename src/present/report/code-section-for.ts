/**
 * The code-reference part of a publication, from the code-reference module's `CodeEntry`. Kept
 * in one small file so a change of that module touches only this adapter.
 */
import { getCodeEntry } from "../../analyze/codes/get-code-entry.js";
import type { CodeEntry, CodePayment } from "../../analyze/codes/code-entry.js";
import type { ReferenceData } from "../../analyze/reference/reference-types.js";
import { NotFoundError } from "../../errors.js";
import { formatUsd } from "../../analyze/money.js";
import type { CodeSection } from "./publication-types.js";

/** The code section for `code`, or null when neither the code reference nor a fee schedule knows it. */
export function codeSectionFor(ref: ReferenceData, code: string): CodeSection | null {
  try {
    return codeSectionFromEntry(getCodeEntry(ref, code));
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

const DIAGNOSIS_ROLES: Readonly<Record<CodeEntry["diagnoses"][number]["role"], string>> = {
  supports: "supports the procedure (on the covered list)",
  "not-listed": "billable, not on the covered list",
  "argues-against": "points to another procedure",
};

/** Maps a code entry onto the publication's code section. Pure. */
export function codeSectionFromEntry(entry: CodeEntry): CodeSection {
  const latest = [...entry.payment]
    .filter((row) => row.modifier === "")
    .sort((a, b) => b.year - a.year)[0];
  const title =
    entry.description === null
      ? "no plain-language description curated for this code"
      : entry.description.replace(/\s*\([^)]*\)\s*$/, "");
  return {
    code: entry.code,
    title,
    overview: {
      description:
        entry.description ??
        `ratelens has no curated plain-language description of ${entry.code}; the payment data, indicators and edits below come straight from the CMS files.`,
      region: entry.region,
      level: entry.level,
      kind: entry.kind ?? "not stated",
      primaries: entry.allowedPrimaries.map((primary) => ({
        code: primary.code,
        label: primary.description ?? "",
      })),
      globalPeriod:
        latest === undefined
          ? null
          : `${latest.globalPeriod.value}: ${latest.globalPeriod.meaning}`,
      bundled: [
        ...entry.includes,
        ...entry.bundlingEdits
          .filter((edit) => edit.role === "bundled-into-this")
          .map((edit) => bundledSentence(entry.code, edit)),
      ],
      placesOfService: entry.placesOfService.map((place) => ({
        code: place.pos,
        name: `${place.name ?? "name not in the POS file"}${place.note === null ? "" : ` (${place.note})`}`,
        facility: place.setting === "facility",
      })),
      indicators: indicators(entry, latest),
      ptpEdits: entry.bundlingEdits.map((edit) => ({
        column1: edit.role === "bundled-into-this" ? entry.code : edit.code,
        column2: edit.role === "bundled-into-this" ? edit.code : entry.code,
        modifierIndicator: edit.modifierIndicator,
        meaning: edit.meaning,
        effective: edit.effectiveDate ?? null,
        deleted: edit.deletionDate ?? null,
        rationale: edit.rationale,
      })),
      rvus: entry.payment.map((row) => ({
        year: row.year,
        modifier: row.modifier,
        work: row.rvus.work,
        nonFacilityPe: row.rvus.nonFacilityPe,
        facilityPe: row.rvus.facilityPe,
        mp: row.rvus.mp,
        conversionFactor: row.conversionFactor,
        nationalNonFacility: row.nationalNonFacility,
        nationalFacility: row.nationalFacility,
        source: row.source,
      })),
    },
    specifications: {
      clinicalContext: entry.family === null ? null : `Part of the ${entry.family.name} family.`,
      modifiers: entry.modifiers.map((modifier) => ({
        modifier: modifier.modifier,
        whenToUse: `${modifier.when} Payment: ${modifier.paymentEffect}`,
      })),
      taxonomies: entry.specialties.map((specialty) => ({
        code: specialty.taxonomy,
        title: `${specialty.title ?? "not in the loaded NUCC file"}${specialty.note === null ? "" : ` (${specialty.note})`}`,
      })),
      diagnoses: entry.diagnoses.map((diagnosis) => ({
        code: diagnosis.code,
        title: diagnosis.title ?? "title not in the loaded ICD-10-CM file",
        role: `${DIAGNOSIS_ROLES[diagnosis.role]}${diagnosis.note === null ? "" : `: ${diagnosis.note}`}`,
      })),
      relatedCodes: entry.relatedCodes.map((related) => ({
        code: related.code,
        label: `${related.relation}${related.description === null ? "" : `: ${related.description}`}`,
      })),
      workflow: entry.workflow,
      documentation: entry.documentation,
      notes: [
        ...entry.notes,
        ...entry.bundlingEdits
          .filter((edit) => edit.role === "this-bundled-into")
          .map(
            (edit) =>
              `Billed with ${edit.code}, ${entry.code} is the bundled (column 2) code: ${edit.meaning} (${edit.rationale}).`,
          ),
      ],
    },
    sources: entry.sources.map((source) => ({
      file: source.title,
      edition: source.edition ?? source.key,
      ...(source.url === undefined ? {} : { url: source.url }),
    })),
  };
}

/**
 * A column-2 code bundled into this one. With modifier indicator 1 the NCCI table allows a
 * modifier only for a distinct service; said plainly so it never reads as leave to unbundle.
 */
export function bundledSentence(code: string, edit: CodeEntry["bundlingEdits"][number]): string {
  const base = `${edit.code} is bundled into ${code} (NCCI PTP column 2, modifier indicator ${edit.modifierIndicator})`;
  if (edit.modifierIndicator === "0") {
    return `${base}: never paid with ${code}; no modifier bypasses the edit.`;
  }
  if (edit.modifierIndicator === "1") {
    return `${base}: not reported for the same service as ${code}. A modifier (59, XE, XS, XP, XU) is allowed only when ${edit.code} is a separate, distinct service (another site, session or encounter), never to bill what ${code} already includes.`;
  }
  return `${base}: ${edit.meaning}.`;
}

function indicators(
  entry: CodeEntry,
  latest: CodePayment | undefined,
): { label: string; value: string }[] {
  const result: { label: string; value: string }[] = [];
  for (const row of [...entry.payment]
    .filter((payment) => payment.modifier === "")
    .sort((a, b) => a.year - b.year)) {
    const amount = (value: number | null): string =>
      value === null ? "not priced" : formatUsd(value);
    result.push({
      label: `Medicare ${row.year} national`,
      value: `${amount(row.nationalNonFacility)} non-facility, ${amount(row.nationalFacility)} facility (${row.source})`,
    });
  }
  if (latest !== undefined) {
    result.push(
      { label: "PFS status", value: `${latest.status.value}: ${latest.status.meaning}` },
      {
        label: "Bilateral indicator",
        value: `${latest.bilateral.value}: ${latest.bilateral.meaning}`,
      },
      {
        label: "Multiple procedure indicator",
        value: `${latest.multipleProcedure.value}: ${latest.multipleProcedure.meaning}`,
      },
    );
  }
  if (entry.mue !== null) {
    result.push({
      label: "NCCI MUE",
      value: `${entry.mue.maxUnits} unit${entry.mue.maxUnits === 1 ? "" : "s"} (MAI ${entry.mue.mai}: ${entry.mue.maiMeaning}; ${entry.mue.source})`,
    });
  }
  result.push({
    label: "NCCI PTP edits",
    value: `${entry.ptpEditCount} active pairs involve ${entry.code}`,
  });
  return result;
}

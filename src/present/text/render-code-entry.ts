import { formatUsd } from "../../analyze/money.js";
import type { CodeEntry, CodeSearchHit } from "../../analyze/codes/code-entry.js";
import { bundledSentence } from "../report/code-section-for.js";

const usdOrNa = (n: number | null): string => (n === null ? "n/a" : formatUsd(n));

/** Plain-text rendering of a code entry for the terminal (what `ratelens code 64491` prints). */
export function renderCodeEntry(e: CodeEntry): string {
  const out: string[] = [];
  out.push(
    `${e.code}  ${e.description ?? "(no curated description: payment data and indicators only)"}`,
  );
  if (e.family !== null) out.push(`Family: ${e.family.name}`);
  const facts = [
    e.region === null ? null : `region ${e.region}`,
    e.level === null ? null : `level: ${e.level}`,
    e.kind,
  ].filter((f) => f !== null);
  if (facts.length > 0) out.push(facts.join(" · "));
  if (e.allowedPrimaries.length > 0) {
    out.push(
      `Add-on: report with ${e.allowedPrimaries.map((p) => p.code).join(", ")} (NCCI add-on code table)`,
    );
  }
  if (e.includes.length > 0) out.push(`Includes: ${e.includes.join("; ")}`);

  out.push("", "Medicare PFS (national)");
  for (const p of e.payment) {
    const label = `${p.year}${p.modifier === "" ? "" : ` -${p.modifier}`}`;
    const qp =
      p.nationalNonFacilityQp === null
        ? ""
        : `   QP: ${usdOrNa(p.nationalNonFacilityQp)} / ${usdOrNa(p.nationalFacilityQp)}`;
    out.push(
      `  ${label.padEnd(9)} non-facility ${usdOrNa(p.nationalNonFacility).padStart(8)} · facility ${usdOrNa(p.nationalFacility).padStart(8)}   RVUs work ${p.rvus.work.toFixed(2)}, PE ${p.rvus.nonFacilityPe?.toFixed(2) ?? "NA"}/${p.rvus.facilityPe?.toFixed(2) ?? "NA"}, MP ${p.rvus.mp.toFixed(2)}, CF ${p.conversionFactor}${qp}`,
    );
  }
  const p = e.payment.find((x) => x.modifier === "") ?? e.payment[0];
  if (p !== undefined) {
    out.push(`  Global ${p.globalPeriod.value}: ${p.globalPeriod.meaning}`);
    out.push(`  Status ${p.status.value}: ${p.status.meaning}`);
    out.push(`  PC/TC ${p.pcTc.value}: ${p.pcTc.meaning}`);
    out.push(`  Multiple procedure ${p.multipleProcedure.value}: ${p.multipleProcedure.meaning}`);
    out.push(`  Bilateral ${p.bilateral.value}: ${p.bilateral.meaning}`);
    out.push(
      `  Assistant ${p.assistant.value}: ${p.assistant.meaning}; co-surgeon ${p.coSurgeon.value}, team ${p.team.value}`,
    );
  }
  if (e.mue !== null) {
    out.push(
      "",
      `NCCI MUE: ${e.mue.maxUnits} per day (MAI ${e.mue.mai}: ${e.mue.maiMeaning}; ${e.mue.rationale})`,
    );
  }
  if (e.bundlingEdits.length > 0 || e.ptpEditCount > 0) {
    out.push(
      "",
      `NCCI PTP edits: ${e.ptpEditCount} active in ${e.ptpSource}; those with related codes:`,
    );
    // The same sentence as the publication's, so the terminal never reads as leave to unbundle.
    for (const b of e.bundlingEdits) {
      out.push(
        `  ${b.role === "bundled-into-this" ? bundledSentence(e.code, b) : bundledSentence(b.code, { ...b, code: e.code })}`,
      );
    }
  }
  if (e.diagnoses.length > 0) {
    out.push("", "Diagnoses (ICD-10-CM)");
    for (const d of e.diagnoses) {
      out.push(
        `  ${d.code.padEnd(8)} ${(d.title ?? "(not in the loaded ICD-10-CM file)").padEnd(72)} ${d.role}${d.note === null ? "" : `: ${d.note}`}`,
      );
    }
  }
  if (e.placesOfService.length > 0) {
    out.push("", "Places of service");
    for (const pl of e.placesOfService) {
      out.push(
        `  ${pl.pos} ${pl.name ?? "?"} (${pl.setting === "facility" ? "facility" : "non-facility"} rate)${pl.note === null ? "" : `: ${pl.note}`}`,
      );
    }
  }
  if (e.specialties.length > 0) {
    out.push("", "Specialties (NUCC taxonomy)");
    for (const s of e.specialties) {
      out.push(`  ${s.taxonomy} ${s.title ?? "?"}${s.note === null ? "" : ` (${s.note})`}`);
    }
  }
  const list = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    out.push("", title);
    items.forEach((item, i) =>
      out.push(`  ${title === "Clinical workflow" ? `${i + 1}.` : "-"} ${item}`),
    );
  };
  if (e.relatedCodes.length > 0) {
    out.push("", "Related codes");
    for (const r of e.relatedCodes) out.push(`  ${r.code}: ${r.relation}`);
  }
  list("Clinical workflow", e.workflow);
  list("Documentation", e.documentation);
  if (e.modifiers.length > 0) {
    out.push("", "Modifiers");
    for (const m of e.modifiers) {
      out.push(`  ${m.modifier}: ${m.when} Payment: ${m.paymentEffect}.`);
    }
  }
  list("Notes", e.notes);
  if (e.sources.length > 0) {
    out.push("", "Sources");
    for (const s of e.sources) {
      out.push(`  [${s.key}] ${s.title}${s.url === undefined ? "" : ` ${s.url}`}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** Plain-text rendering of search hits, best first. */
export function renderSearchHits(query: string, hits: readonly CodeSearchHit[]): string {
  if (hits.length === 0) return `No code matches "${query}".\n`;
  const lines = hits.map(
    (h) =>
      `${h.code}  ${String(h.score).padStart(6)}  ${h.description ?? "(payment data only)"}\n         matched: ${h.matched.join("; ")}`,
  );
  return `${lines.join("\n")}\n`;
}

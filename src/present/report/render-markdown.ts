/**
 * `renderMarkdown(pub)`: the publication as GitHub-flavoured Markdown, same sections and numbers
 * as the HTML page (the chart becomes a percentile table).
 */
import type { BenchmarkResult } from "../../analyze/benchmark/benchmark-types.js";
import { describeFilters } from "./describe-filters.js";
import { orderedRows } from "./render-benchmark-html.js";
import { kindText } from "./render-html.js";
import { compareSettings } from "./setting-groups.js";
import { formatUsd } from "../../analyze/money.js";
import { formatCount, formatPercent, formatRatio } from "./format-numbers.js";
import { SYNTHETIC_NOTICE } from "./html-page.js";
import { settingLabel } from "./payer-label.js";
import { pooledRowName, releaseCell, releaseLabel } from "./payer-releases.js";
import { CMS_LINKS } from "./cms-links.js";
import { viewLinkText, viewSuffix, type DataView } from "./data-view.js";
import type { CodeSection, PtpEditRow, Publication, RvuRow } from "./publication-types.js";
import type { HospitalRatesForCode } from "../../analyze/source-benchmark/hospital-rates-for-code.js";
import {
  AMOUNT_COLUMNS,
  FILE_COLUMNS,
  HOSPITAL_SECTION_HEADING,
  hospitalSectionNotes,
  NON_DOLLAR_NOTE,
  OTHER_COLUMNS,
  splitHospitalRows,
  type HospitalColumn,
} from "./hospital-rates-text.js";

/** Renders the publication as Markdown. Pure. */
export function renderMarkdown(pub: Publication): string {
  const lines: string[] = [`# ${pub.code}: ${pub.title}`, ""];
  if (pub.synthetic) lines.push(`> **Synthetic data.** ${SYNTHETIC_NOTICE}`, "");
  lines.push(`Per-code publication generated ${pub.generatedAt} by ratelens.`, "");
  if (pub.dataView !== undefined) lines.push(dataViewLine(pub.code, pub.dataView), "");
  lines.push("## Summary", "");
  lines.push(
    ...(pub.summary.length === 0
      ? ["_No summary: neither code reference nor rates are available._"]
      : pub.summary.map((line) => `- ${line}`)),
    "",
  );
  lines.push(
    "## Code overview",
    "",
    ...(pub.codeSection === null ? [missingCode(pub.code)] : overview(pub.codeSection)),
    "",
  );
  lines.push(
    "## Clinical and coding specifications",
    "",
    ...(pub.codeSection === null ? [missingCode(pub.code)] : specifications(pub.codeSection)),
    "",
  );
  lines.push(
    "## Reimbursement benchmarks",
    "",
    ...benchmarks(pub.benchmark, pub.benchmarkSentences),
    "",
    ...facility(pub),
  );
  if (pub.hospitalRates !== undefined) {
    lines.push(`## ${HOSPITAL_SECTION_HEADING}`, "", ...hospitalRates(pub.hospitalRates), "");
  }
  lines.push("## Methods and sources", "", ...methods(pub), "");
  lines.push(
    "---",
    "",
    "CPT® is a registered trademark of the American Medical Association; ratelens shows codes with its own plain-language descriptions, not AMA descriptors.",
    "",
  );
  return lines.join("\n");
}

/** What data is shown, with a link to the other view's Markdown file when there is one. */
function dataViewLine(code: string, view: DataView): string {
  if (view.alternate === null) return `_${view.note}_`;
  const file = `${code}${viewSuffix(view.alternate, "real-only")}.md`;
  return `_${view.note}_ [${viewLinkText(view.alternate)}](${file})`;
}

function missingCode(code: string): string {
  return `_${code} is not in the bundled code reference, so this part is empty._`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A pipe table; columns from `numericFrom` up to (not including) `numericTo` are right-aligned. */
function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numericFrom = Infinity,
  numericTo = Infinity,
): string[] {
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `| ${header.map((_, index) => (index >= numericFrom && index < numericTo ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
}

function bullets(items: readonly string[], empty: string): string[] {
  return items.length === 0 ? [`_${empty}_`] : items.map((item) => `- ${item}`);
}

function overview(code: CodeSection): string[] {
  const o = code.overview;
  return [
    o.description,
    "",
    `- **Kind:** ${kindText(o)}`,
    `- **Region:** ${o.region ?? "not stated"}`,
    `- **Level:** ${o.level ?? "not stated"}`,
    `- **Global period:** ${o.globalPeriod ?? "not stated"}`,
    ...o.indicators.map((indicator) => `- **${indicator.label}:** ${indicator.value}`),
    "",
    "### Bundled: not billed separately",
    "",
    ...bullets(o.bundled, "No bundled services recorded."),
    "",
    "### Typical places of service",
    "",
    ...(o.placesOfService.length === 0
      ? ["_No typical places of service recorded._"]
      : table(
          ["POS", "Place of service", "Medicare setting"],
          o.placesOfService.map((place) => [
            place.code,
            place.name,
            place.facility ? "facility" : "non-facility",
          ]),
        )),
    ...ptpTable(o.ptpEdits),
    ...rvuTable(o.rvus),
  ];
}

function facility(pub: Publication): string[] {
  const payments = pub.facilityMedicare;
  if (payments === undefined) return [];
  const rows = payments.map((payment) => [
    payment.label,
    payment.indicator ?? "–",
    payment.apc ?? "–",
    payment.rate === null
      ? payment.status === "packaged"
        ? "packaged"
        : "none"
      : formatUsd(payment.rate),
    payment.note,
    payment.source.url === undefined
      ? payment.source.file
      : `[${payment.source.file}](${payment.source.url})`,
  ]);
  return [
    "### Medicare facility payment (hospital outpatient and ASC)",
    "",
    ...table(["Setting", "Indicator", "APC", "Rate", "Status", "Source"], rows, 3, 4),
    "",
  ];
}

function ptpTable(edits: readonly PtpEditRow[] | undefined): string[] {
  if (edits === undefined) return [];
  const lines = [
    "",
    "### NCCI procedure-to-procedure edits",
    "",
    `From the [CMS NCCI PTP edit table](${CMS_LINKS.ncciPtp}) (practitioner): column 2 is bundled into column 1.`,
    "",
  ];
  if (edits.length === 0) {
    return [
      ...lines,
      "_No PTP edit pairs this code with the family or its usual companions in the loaded table._",
    ];
  }
  const rows = edits.map((edit) => [
    edit.column1,
    edit.column2,
    edit.modifierIndicator,
    edit.effective ?? "not stated",
    edit.deleted ?? "in force",
    edit.rationale,
  ]);
  return [
    ...lines,
    ...table(
      ["Column 1", "Column 2", "Modifier indicator", "Effective", "Deleted", "Rationale"],
      rows,
    ),
  ];
}

function rvuTable(rows: readonly RvuRow[] | undefined): string[] {
  if (rows === undefined || rows.length === 0) return [];
  const rvu = (value: number | null): string => (value === null ? "NA" : value.toFixed(2));
  const usd = (value: number | null): string => (value === null ? "not priced" : formatUsd(value));
  const body = rows.map((row) => [
    String(row.year),
    row.modifier === "" ? "global" : `-${row.modifier}`,
    rvu(row.work),
    rvu(row.nonFacilityPe),
    rvu(row.facilityPe),
    rvu(row.mp),
    row.conversionFactor.toFixed(4),
    usd(row.nationalNonFacility),
    usd(row.nationalFacility),
    row.source,
  ]);
  return [
    "",
    "### Medicare RVU breakdown",
    "",
    `National amount = (work + practice expense + malpractice RVUs) × conversion factor, from the [CMS PFS relative value files](${CMS_LINKS.pfsRvu}).`,
    "",
    ...table(
      [
        "Year",
        "Row",
        "Work",
        "PE non-facility",
        "PE facility",
        "MP",
        "CF",
        "Non-facility",
        "Facility",
        "File",
      ],
      body,
      2,
      9,
    ),
  ];
}

function specifications(code: CodeSection): string[] {
  const s = code.specifications;
  return [
    ...(s.clinicalContext === null ? [] : [s.clinicalContext, ""]),
    "### Modifiers",
    "",
    ...(s.modifiers.length === 0
      ? ["_No modifier guidance recorded._"]
      : table(
          ["Modifier", "When to use it"],
          s.modifiers.map((m) => [`\`${m.modifier}\``, m.whenToUse]),
        )),
    "",
    "### Provider taxonomies",
    "",
    ...(s.taxonomies.length === 0
      ? ["_No specialty taxonomies recorded._"]
      : table(
          ["NUCC code", "Specialty"],
          s.taxonomies.map((t) => [`\`${t.code}\``, t.title]),
        )),
    "",
    "### Related diagnoses (ICD-10-CM)",
    "",
    ...(s.diagnoses.length === 0
      ? ["_No supporting diagnoses recorded._"]
      : table(
          ["Code", "Title", "Bearing on the procedure"],
          s.diagnoses.map((d) => [`\`${d.code}\``, d.title, d.role ?? ""]),
        )),
    "",
    "### Related codes",
    "",
    ...bullets(
      s.relatedCodes.map((ref) => `\`${ref.code}\` ${ref.label}`),
      "No related codes recorded.",
    ),
    "",
    "### Clinical workflow",
    "",
    ...(s.workflow.length === 0
      ? ["_No workflow recorded._"]
      : s.workflow.map((step, index) => `${index + 1}. ${step}`)),
    "",
    "### Documentation requirements",
    "",
    ...bullets(s.documentation, "No documentation requirements recorded."),
    "",
    "### Coding notes and common errors",
    "",
    ...bullets(s.notes, "No coding notes recorded."),
  ];
}

function benchmarks(result: BenchmarkResult | null, sentences: readonly string[]): string[] {
  if (result === null) {
    return [
      "_No benchmark could be computed for this code: no negotiated rates are loaded in the store._",
    ];
  }
  const lines = [
    `Filters: ${describeFilters(result)}.`,
    "",
    ...sentences.map((sentence) => `- ${sentence}`),
    "",
  ];
  if (result.payers.length === 0) lines.push("_No payer rates are loaded for these filters._");
  else {
    const rows = orderedRows(result).map((row) => {
      const s = row.stats;
      const dollars =
        s.count > 0
          ? [s.mean, s.p10, s.p25, s.median, s.p75, s.p90, s.min, s.max].map(formatUsd)
          : Array.from({ length: 8 }, () => "–");
      return [
        `${row.payer}${row.synthetic ? " **(synthetic)**" : ""}`,
        settingLabel(row),
        releaseLabel(result, row),
        formatCount(s.count),
        formatCount(row.providerTins),
        ...dollars,
        s.count > 0 ? formatRatio(s.cv) : "–",
        row.percentOfMedicare === null
          ? "no Medicare match"
          : formatPercent(row.percentOfMedicare.mean),
      ];
    });
    for (const group of (result.groups ?? [])
      .filter((pooled) => pooled.stats.count > 0)
      .sort(compareSettings)) {
      const s = group.stats;
      rows.push([
        `**${pooledRowName(result, group)}** (pooled)${group.synthetic ? " **(synthetic)**" : ""}`,
        settingLabel(group),
        "–",
        formatCount(s.count),
        formatCount(group.providerTins),
        ...[s.mean, s.p10, s.p25, s.median, s.p75, s.p90, s.min, s.max].map(formatUsd),
        formatRatio(s.cv),
        group.percentOfMedicare === null
          ? "no Medicare match"
          : formatPercent(group.percentOfMedicare.mean),
      ]);
    }
    lines.push(
      ...table(
        [
          "Payer",
          "Setting",
          "Released",
          "Rates",
          "TINs",
          "Mean",
          "p10",
          "p25",
          "Median",
          "p75",
          "p90",
          "Min",
          "Max",
          "CV",
          "Mean % of Medicare",
        ],
        rows,
        3,
      ),
    );
  }
  lines.push("");
  const commercial = result.commercial;
  lines.push(
    commercial === null
      ? "_No pooled commercial figure: no commercial rates for these filters._"
      : `**All commercial payers pooled, all settings together${result.containsSynthetic ? " (includes synthetic rows)" : ""}:** ${formatCount(commercial.stats.count)} rates, mean ${formatUsd(commercial.stats.mean)}, median ${formatUsd(commercial.stats.median)}; ${commercial.percentOfMedicare === null ? "no Medicare match" : `${formatPercent(commercial.percentOfMedicare.mean)} of Medicare (mean)`}.`,
    "",
    "### Medicare Physician Fee Schedule",
    "",
  );
  if (result.medicare.length === 0) {
    lines.push("_No Medicare Physician Fee Schedule amount is loaded for this code._");
  } else {
    lines.push(
      ...table(
        ["Year", "Setting", "National", "Localities", "Lowest", "Highest", "Source"],
        result.medicare.map((row) => [
          String(row.year),
          row.facilityClass === "facility" ? "facility" : "non-facility",
          formatUsd(row.national),
          row.localities === null ? "no GPCI data" : formatCount(row.localities.count),
          row.localities === null ? "–" : formatUsd(row.localities.min),
          row.localities === null ? "–" : formatUsd(row.localities.max),
          row.source,
        ]),
        2,
        6,
      ),
    );
  }
  const { percentage, perDiem } = result.nonDollar;
  lines.push(
    "",
    `Non-dollar rates kept apart: ${formatCount(percentage.count)} percentage-of-charges, ${formatCount(perDiem.count)} per-diem.`,
  );
  return lines;
}

function methods(pub: Publication): string[] {
  const lines: string[] = [];
  const result = pub.benchmark;
  if (result !== null) {
    lines.push("### Rate files", "");
    lines.push(
      ...(result.sources.length === 0
        ? ["_No rate file contributed to this benchmark._"]
        : table(
            [
              "File",
              "Reporting entity",
              "Last updated",
              "Release",
              "Ingested",
              "Rates used",
              "SHA-256",
            ],
            result.sources.map((source) => [
              `\`${source.location}\``,
              `${source.reportingEntityName ?? "not stated"}${source.synthetic ? " **(synthetic)**" : ""}`,
              source.lastUpdatedOn ?? "not stated",
              releaseCell(source),
              source.ingestedAt,
              formatCount(source.rates),
              `\`${source.sha256}\``,
            ]),
          )),
      "",
      "### Cleaning, in the order applied",
      "",
      ...(result.cleaning.length === 0
        ? ["_The benchmark reported no cleaning steps._"]
        : table(
            ["Rule", "What it does", "Removed", "Remaining"],
            result.cleaning.map((step) => [
              `\`${step.ruleId}\``,
              step.description,
              formatCount(step.removed),
              formatCount(step.remaining),
            ]),
            2,
          )),
      "",
    );
  }
  if (result?.settings !== undefined) {
    const settings = Object.entries(result.settings).map(
      ([key, value]) => `\`${key}\` = ${String(value)}`,
    );
    lines.push(
      `Cleaning settings in force${result.medicareYear === undefined || result.medicareYear === null ? "" : `; Medicare fee-schedule year ${result.medicareYear}`}: ${settings.join(", ")}.`,
      "",
    );
  }
  lines.push(
    "### Reference data",
    "",
    ...bullets(
      pub.referenceSources.map(
        (source) =>
          `${source.url === undefined ? source.file : `[${source.file}](${source.url})`}, edition ${source.edition}${source.sha256 === undefined ? "" : `, SHA-256 \`${source.sha256}\``}`,
      ),
      "No reference files are recorded for this page.",
    ),
    "",
  );
  lines.push("### What is missing", "", ...bullets(pub.missing, "Nothing reported missing."));
  return lines;
}

/** The hospitals' own negotiated charges beside the payers' TiC rates: the HTML section's cells. */
function hospitalRates(rates: HospitalRatesForCode): string[] {
  const notes = hospitalSectionNotes(rates);
  if (rates.rows.length === 0) return notes.map((note) => `_${note}_`);
  const { amounts, other } = splitHospitalRows(rates);
  const rowsTable = (columns: readonly HospitalColumn[], rows: typeof rates.rows): string[] => {
    const numeric = columns.flatMap((column, index) => (column.numeric === true ? [index] : []));
    return table(
      columns.map((column) => column.header),
      rows.map((row) =>
        columns.map(
          (column, index) =>
            `${column.lines(row).join("; ")}${index === 0 && row.hospital.synthetic ? " **(synthetic)**" : ""}`,
        ),
      ),
      numeric[0],
      (numeric[numeric.length - 1] ?? -1) + 1,
    );
  };
  return [
    ...notes.flatMap((note) => [note, ""]),
    ...(amounts.length === 0
      ? ["_No hospital file gives a dollar amount for this code._"]
      : rowsTable(AMOUNT_COLUMNS, amounts)),
    ...(other.length === 0
      ? []
      : [
          "",
          "### Percentages and algorithms",
          "",
          NON_DOLLAR_NOTE,
          "",
          ...rowsTable(OTHER_COLUMNS, other),
        ]),
    "",
    "### Hospital files",
    "",
    ...table(
      FILE_COLUMNS.map((column) => column.header),
      rates.files.map((file) =>
        FILE_COLUMNS.map(
          (column, index) =>
            `${index === 1 || index === 4 ? `\`${column.text(file)}\`` : column.text(file)}${index === 0 && file.synthetic ? " **(synthetic)**" : ""}`,
        ),
      ),
    ),
  ];
}

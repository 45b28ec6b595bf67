import { defaultMedicareYear } from "../analyze/medicare/default-medicare-year.js";
import type { Command } from "./command.js";
import { NotFoundError, NotPricedError, UsageError } from "../errors.js";
import {
  localitiesForState,
  localityDistribution,
  type LocalityDistribution,
} from "../analyze/medicare/locality-distribution.js";
import { medicaidFees } from "../analyze/medicare/medicaid-fees.js";
import { componentOf, type MedicareAmount } from "../analyze/medicare/medicare-amount.js";
import {
  localityOfZip,
  medicareQuote,
  type MedicareQuote,
} from "../analyze/medicare/medicare-quote.js";
import { parseSetting } from "../analyze/benchmark/parse-benchmark-filters.js";
import { loadReferenceDataAt } from "../analyze/reference/load-reference-at.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { defaultStorePath } from "../store/store.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage =
  "ratelens medicare CODE [--year YYYY (default: the latest year with RVUs and GPCIs)] [--qp] [--locality 13202-01 | --state NY | --zip 10001] [--setting facility|nonfacility|office] [--modifier 50|26|TC]... [--units N] [--json] [--db PATH]";

type Setting = "facility" | "nonfacility";

/** Everything `ratelens medicare` shows, as one JSON-serialisable object. */
interface MedicareReport {
  code: string;
  year: number;
  qp: boolean;
  modifiers: string[];
  units: number;
  localities: (string | null)[];
  /** One quote per locality and setting; `reason` says why a soft miss has no amount (see `MedicareQuote`). */
  amounts: {
    setting: Setting;
    locality: string | null;
    result: MedicareAmount | null;
    total: number | null;
    explanation: string[];
    unavailable: string | null;
    reason: Extract<MedicareQuote, { kind: "not-priced" }>["reason"] | null;
  }[];
  distribution: {
    setting: Setting;
    result: LocalityDistribution | null;
    unavailable: string | null;
  }[];
  medicaid: {
    state: string;
    modifier: string;
    facilityAmount: number | null;
    nonFacilityAmount: number | null;
    effectiveDate: string;
    source: string;
  }[];
  notes: string[];
}

const command: Command = {
  usage,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        year: { type: "string" },
        qp: { type: "boolean" },
        locality: { type: "string" },
        state: { type: "string" },
        zip: { type: "string" },
        setting: { type: "string" },
        modifier: { type: "string", multiple: true },
        units: { type: "string" },
        json: { type: "boolean" },
        db: { type: "string" },
      },
      usage,
    );
    const code = positionals[0]?.toUpperCase();
    if (code === undefined || positionals.length > 1) throw new UsageError(`usage: ${usage}`);
    if ([values.locality, values.state, values.zip].filter((v) => v !== undefined).length > 1) {
      throw new UsageError("give at most one of --locality, --state and --zip");
    }
    const setting = parseSetting(values.setting, "--setting");
    const settings: Setting[] = setting === undefined ? ["nonfacility", "facility"] : [setting];
    const units = values.units === undefined ? 1 : Number(values.units);
    if (!Number.isInteger(units) || units < 1) {
      throw new UsageError(`--units must be a whole number of at least 1, not "${values.units}"`);
    }
    const ref = await loadReferenceDataAt(values.db ?? defaultStorePath(context.env));
    const year = values.year === undefined ? defaultMedicareYear(ref) : parseYear(values.year);
    const report = buildReport(ref, {
      code,
      year,
      qp: values.qp === true,
      modifiers: values.modifier ?? [],
      units,
      settings,
      locality: values.locality,
      state: values.state,
      zip: values.zip,
    });
    context.stdout.write(
      values.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report),
    );
    return 0;
  },
};
export default command;

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text)) {
    throw new UsageError(`--year must be a four-digit year, not "${text}"`);
  }
  return Number(text);
}

function buildReport(
  ref: ReferenceData,
  q: {
    code: string;
    year: number;
    qp: boolean;
    modifiers: string[];
    units: number;
    settings: Setting[];
    locality: string | undefined;
    state: string | undefined;
    zip: string | undefined;
  },
): MedicareReport {
  const notes: string[] = [];
  let localities: (string | null)[] = [null];
  if (q.locality !== undefined) localities = [q.locality];
  if (q.state !== undefined) {
    const list = localitiesForState(ref, q.state);
    if (list.length === 0) {
      throw new NotFoundError(`no Medicare localities are known for state "${q.state}"`);
    }
    localities = list;
  }
  if (q.zip !== undefined) {
    const found = localityOfZip(ref, q.zip);
    notes.push(`ZIP ${q.zip} → locality ${found} (CMS ZIP-to-carrier-locality file)`);
    localities = [found];
  }
  const amounts: MedicareReport["amounts"] = [];
  const quote = (setting: Setting, locality: string | null): MedicareReport["amounts"][number] => {
    const answer = medicareQuote(ref, {
      code: q.code,
      year: q.year,
      setting,
      modifiers: q.modifiers,
      units: q.units,
      qp: q.qp,
      ...(locality === null ? {} : { locality }),
    });
    if (answer.kind === "priced") {
      return {
        setting,
        locality,
        result: answer.amount,
        total: answer.total,
        explanation: answer.explanation,
        unavailable: null,
        reason: null,
      };
    }
    return {
      setting,
      locality,
      result: answer.amount,
      total: null,
      explanation: [],
      unavailable: answer.message,
      reason: answer.reason,
    };
  };
  for (const locality of localities) {
    for (const setting of q.settings) amounts.push(quote(setting, locality));
  }
  if (
    amounts.every((a) => a.reason === "no-gpci" || a.reason === "setting-not-priced") &&
    localities.some((l) => l !== null)
  ) {
    notes.push("no locality amount is available; the national amount follows instead");
    for (const setting of q.settings) amounts.push(quote(setting, null));
  }
  const distribution: MedicareReport["distribution"] = [];
  if (localities.length === 1 && localities[0] === null) {
    for (const setting of q.settings) {
      const national = amounts.find((a) => a.setting === setting && a.locality === null);
      if (national?.reason === "contractor-priced" || national?.reason === "not-paid") {
        distribution.push({
          setting,
          result: null,
          unavailable: `no fee-schedule amount to compare across localities (status ${national.result?.indicators.status ?? "?"})`,
        });
        continue;
      }
      try {
        const result = localityDistribution(ref, {
          code: q.code,
          year: q.year,
          setting,
          modifiers: q.modifiers,
          qp: q.qp,
        });
        distribution.push({
          setting,
          result,
          unavailable:
            result === null
              ? `no ${q.year} GPCI file is loaded, so there is no ${q.year} locality distribution (another year's GPCIs are never substituted); import one with "ratelens import gpci FILE --year ${q.year}"`
              : null,
        });
      } catch (error) {
        // A setting the RVU file marks NA has no distribution either: said beside the amounts.
        if (!(error instanceof NotPricedError)) throw error;
        distribution.push({ setting, result: null, unavailable: error.message });
      }
    }
  }
  const component = componentOf(q.modifiers);
  const medicaid = medicaidFees(ref, q.code, component).map((f) => ({
    state: f.state,
    modifier: f.modifier,
    facilityAmount: f.facilityAmount,
    nonFacilityAmount: f.nonFacilityAmount,
    effectiveDate: f.effectiveDate,
    source: f.source.file,
  }));
  if (ref.medicaid.size === 0) {
    notes.push(
      'no state Medicaid fee schedule is imported (none is bundled); add one with "ratelens import medicaid --state XX FILE"',
    );
  }
  return {
    code: q.code,
    year: q.year,
    qp: q.qp,
    modifiers: q.modifiers.map((m) => m.toUpperCase()),
    units: q.units,
    localities,
    amounts,
    distribution,
    medicaid,
    notes,
  };
}

const money = (n: number): string => `$${n.toFixed(2)}`;
const pad = (s: string, n: number): string => s.padStart(n);

function renderReport(r: MedicareReport): string {
  const out: string[] = [];
  const first = r.amounts.find((a) => a.result !== null)?.result ?? undefined;
  const label = `${r.code}${r.modifiers.length > 0 ? `-${r.modifiers.join("-")}` : ""}`;
  out.push(
    `${label}: Medicare Physician Fee Schedule ${r.year}${first === undefined ? "" : `, conversion factor ${first.conversionFactor} (${first.conversionFactorKind === "single" ? "single CF" : first.conversionFactorKind === "qp" ? "QP" : "non-QP"})`}`,
  );
  const byLocality = new Map<string | null, MedicareReport["amounts"]>();
  for (const a of r.amounts) byLocality.set(a.locality, [...(byLocality.get(a.locality) ?? []), a]);
  for (const [locality, rows] of byLocality) {
    const priced = rows.find((a) => a.result !== null)?.result ?? undefined;
    out.push("");
    const where =
      priced === undefined || priced.localityName === null
        ? ""
        : ` ${priced.localityName}, ${priced.state ?? ""}`;
    const gpci = priced?.gpci;
    const gpciText =
      gpci === undefined || gpci === null
        ? ""
        : `  GPCI work ${gpci.work} / PE ${gpci.pe} / MP ${gpci.mp}`;
    out.push(
      locality === null ? "National (all GPCIs 1.000)" : `Locality ${locality}${where}${gpciText}`,
    );
    for (const a of rows) {
      const name = a.setting === "facility" ? "facility" : "non-facility";
      if (a.reason === "contractor-priced") {
        out.push(
          `  ${pad(name, 12)}  priced by the MAC, not the fee schedule (status ${a.result?.indicators.status ?? "C"}; see the note)`,
        );
        continue;
      }
      if (a.reason === "not-paid") {
        out.push(
          `  ${pad(name, 12)}  ${pad(money(0), 9)}   not paid under the PFS (status ${a.result?.indicators.status ?? "?"}; see the note)`,
        );
        continue;
      }
      if (a.result === null || a.total === null) {
        out.push(`  ${name}: not available: ${a.unavailable ?? ""}`);
        continue;
      }
      const m = a.result;
      const units = r.units > 1 ? `   ${r.units} units: ${money(a.total)}` : "";
      out.push(
        `  ${pad(name, 12)}  ${pad(money(m.amount), 9)}   RVUs work ${m.rvus.work.toFixed(2)} + PE ${m.rvus.pe.toFixed(2)} + MP ${m.rvus.mp.toFixed(2)} = ${m.rvus.total.toFixed(2)}${m.percentOfBase === 100 ? "" : `   (${m.percentOfBase} % of ${money(m.baseAmount)})`}${units}`,
      );
      for (const step of a.explanation) out.push(`                ${step}`);
    }
  }
  if (first !== undefined) {
    const i = first.indicators;
    out.push("");
    out.push(
      `Indicators: status ${i.status} · global ${i.globalDays} · PC/TC ${i.pcTc} · multiple procedure ${i.multipleProcedure} · bilateral ${i.bilateral} · assistant ${i.assistant} · co-surgeon ${i.coSurgeon} · team ${i.team}${i.pricing === undefined ? "" : ` · PRIC IND ${i.pricing}`}`,
    );
    for (const note of new Set(r.amounts.flatMap((a) => a.result?.notes ?? []))) {
      out.push(`Note: ${note}`);
    }
  }
  for (const d of r.distribution) {
    out.push("");
    const name = d.setting === "facility" ? "Facility" : "Non-facility";
    if (d.result === null) {
      out.push(`${name} distribution across localities: not available: ${d.unavailable ?? ""}`);
      continue;
    }
    const s = d.result.stats;
    out.push(
      `${name} distribution across ${s.count} localities: min ${money(s.min)} · p25 ${money(s.p25)} · median ${money(s.median)} · p75 ${money(s.p75)} · max ${money(s.max)} · mean ${money(s.mean)}`,
    );
    const low = d.result.byLocality[0]!;
    const high = d.result.byLocality.at(-1)!;
    out.push(
      `  lowest ${low.macLocality} ${low.name} (${low.state}) ${money(low.amount)}; highest ${high.macLocality} ${high.name} (${high.state}) ${money(high.amount)}`,
    );
  }
  if (r.medicaid.length > 0) {
    out.push("");
    out.push("Medicaid (imported state fee schedules):");
    for (const m of r.medicaid) {
      out.push(
        `  ${m.state} ${m.modifier === "" ? "" : `-${m.modifier} `}non-facility ${m.nonFacilityAmount === null ? "n/a" : money(m.nonFacilityAmount)} · facility ${m.facilityAmount === null ? "n/a" : money(m.facilityAmount)} (effective ${m.effectiveDate}; ${m.source})`,
      );
    }
  }
  for (const note of r.notes) out.push(`Note: ${note}`);
  const sources = new Set(
    [
      ...r.amounts.map((a) => a.result?.source),
      ...r.distribution.map((d) => d.result?.source),
    ].filter((s): s is string => s !== undefined),
  );
  out.push("");
  for (const s of sources) out.push(`Source: ${s}`);
  return `${out.join("\n")}\n`;
}

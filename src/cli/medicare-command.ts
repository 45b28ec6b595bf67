import { defaultMedicareYear } from "../analyze/medicare/default-medicare-year.js";
import type { Command } from "./command.js";
import { DataMissingError, NotFoundError, UsageError } from "../errors.js";
import { localitiesForState, localityDistribution, type LocalityDistribution } from "../analyze/medicare/locality-distribution.js";
import { medicaidFees } from "../analyze/medicare/medicaid-fees.js";
import { componentOf, medicareAmount, type MedicareAmount } from "../analyze/medicare/medicare-amount.js";
import { loadReferenceDataAt } from "../analyze/reference/load-reference-at.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { defaultStorePath } from "../store/store.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage =
  "ratelens medicare CODE [--year 2025|2026] [--qp] [--locality 13202-01 | --state NY | --zip 10001] [--setting facility|nonfacility] [--modifier 50|26|TC]... [--json] [--db PATH]";

type Setting = "facility" | "nonfacility";

/** Everything `ratelens medicare` shows, as one JSON-serialisable object. */
interface MedicareReport {
  code: string;
  year: number;
  qp: boolean;
  modifiers: string[];
  localities: (string | null)[];
  amounts: { setting: Setting; locality: string | null; result: MedicareAmount | null; unavailable: string | null }[];
  distribution: { setting: Setting; result: LocalityDistribution | null; unavailable: string | null }[];
  medicaid: { state: string; modifier: string; facilityAmount: number | null; nonFacilityAmount: number | null; effectiveDate: string; source: string }[];
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
        json: { type: "boolean" },
        db: { type: "string" },
      },
      usage,
    );
    const code = positionals[0]?.toUpperCase();
    if (code === undefined || positionals.length > 1) throw new UsageError(`usage: ${usage}`);
    if ([values.locality, values.state, values.zip].filter((v) => v !== undefined).length > 1) throw new UsageError("give at most one of --locality, --state and --zip");
    const settings: Setting[] = values.setting === undefined ? ["nonfacility", "facility"] : [parseSetting(values.setting)];
    const ref = await loadReferenceDataAt(values.db ?? defaultStorePath(context.env));
    const year = values.year === undefined ? defaultMedicareYear(ref) : parseYear(values.year);
    const report = buildReport(ref, { code, year, qp: values.qp === true, modifiers: values.modifier ?? [], settings, locality: values.locality, state: values.state, zip: values.zip });
    context.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    return 0;
  },
};
export default command;

function parseSetting(text: string): Setting {
  const t = text.toLowerCase().replace(/[^a-z]/g, "");
  if (t === "facility") return "facility";
  if (t === "nonfacility" || t === "office") return "nonfacility";
  throw new UsageError(`--setting must be facility or nonfacility, not "${text}"`);
}

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new UsageError(`--year must be a four-digit year, not "${text}"`);
  return Number(text);
}

function buildReport(
  ref: ReferenceData,
  q: { code: string; year: number; qp: boolean; modifiers: string[]; settings: Setting[]; locality: string | undefined; state: string | undefined; zip: string | undefined },
): MedicareReport {
  const notes: string[] = [];
  let localities: (string | null)[] = [null];
  if (q.locality !== undefined) localities = [q.locality];
  if (q.state !== undefined) {
    const list = localitiesForState(ref, q.state);
    if (list.length === 0) throw new NotFoundError(`no Medicare localities are known for state "${q.state}"`);
    localities = list;
  }
  if (q.zip !== undefined) {
    if (!/^\d{5}$/.test(q.zip)) throw new UsageError(`--zip must be a 5-digit ZIP code, not "${q.zip}"`);
    if (ref.zipLocalities === undefined || ref.zipLocalities === null) {
      throw new DataMissingError("ZIP lookup needs CMS's ZIP-code-to-carrier-locality file, which is not bundled: import it with \"ratelens import zip ZIP5_<quarter>.txt\" (or use --locality / --state)");
    }
    const found = ref.zipLocalities.get(q.zip);
    if (found === undefined) throw new NotFoundError(`ZIP ${q.zip} is not in CMS's ZIP-to-carrier-locality file`);
    notes.push(`ZIP ${q.zip} → locality ${found} (CMS ZIP-to-carrier-locality file)`);
    localities = [found];
  }
  const amounts: MedicareReport["amounts"] = [];
  for (const locality of localities) {
    for (const setting of q.settings) {
      try {
        const result = medicareAmount(ref, { code: q.code, year: q.year, setting, modifiers: q.modifiers, qp: q.qp, ...(locality === null ? {} : { locality }) });
        amounts.push({ setting, locality, result, unavailable: null });
      } catch (error) {
        // A year without GPCIs or a setting the file marks NA is reported beside the other amounts; anything else fails the command.
        if (!isSoftMiss(error)) throw error;
        amounts.push({ setting, locality, result: null, unavailable: error.message });
      }
    }
  }
  if (amounts.every((a) => a.result === null) && localities.some((l) => l !== null)) {
    notes.push("no locality amount is available; the national amount follows instead");
    for (const setting of q.settings) {
      try {
        amounts.push({ setting, locality: null, result: medicareAmount(ref, { code: q.code, year: q.year, setting, modifiers: q.modifiers, qp: q.qp }), unavailable: null });
      } catch (error) {
        if (!isSoftMiss(error)) throw error;
        amounts.push({ setting, locality: null, result: null, unavailable: error.message });
      }
    }
  }
  const distribution: MedicareReport["distribution"] = [];
  if (localities.length === 1 && localities[0] === null) {
    for (const setting of q.settings) {
      try {
        const result = localityDistribution(ref, { code: q.code, year: q.year, setting, modifiers: q.modifiers, qp: q.qp });
        distribution.push({ setting, result, unavailable: result === null ? `no ${q.year} GPCI file is loaded, so there is no ${q.year} locality distribution (another year's GPCIs are never substituted); import one with "ratelens import gpci FILE --year ${q.year}"` : null });
      } catch (error) {
        if (!isSoftMiss(error)) throw error;
        distribution.push({ setting, result: null, unavailable: error.message });
      }
    }
  }
  const component = componentOf(q.modifiers);
  const medicaid = medicaidFees(ref, q.code, component).map((f) => ({ state: f.state, modifier: f.modifier, facilityAmount: f.facilityAmount, nonFacilityAmount: f.nonFacilityAmount, effectiveDate: f.effectiveDate, source: f.source.file }));
  if (ref.medicaid.size === 0) notes.push("no state Medicaid fee schedule is imported (none is bundled); add one with \"ratelens import medicaid --state XX FILE\"");
  return { code: q.code, year: q.year, qp: q.qp, modifiers: q.modifiers.map((m) => m.toUpperCase()), localities, amounts, distribution, medicaid, notes };
}

/** Misses shown as "not available" beside the other amounts: no GPCIs for the year, or a setting the RVU file marks NA. */
function isSoftMiss(error: unknown): error is DataMissingError | NotFoundError {
  return error instanceof DataMissingError || (error instanceof NotFoundError && error.message.includes("marks that setting NA"));
}

const money = (n: number): string => `$${n.toFixed(2)}`;
const pad = (s: string, n: number): string => s.padStart(n);

function renderReport(r: MedicareReport): string {
  const out: string[] = [];
  const first = r.amounts.find((a) => a.result !== null)?.result ?? undefined;
  const label = `${r.code}${r.modifiers.length > 0 ? `-${r.modifiers.join("-")}` : ""}`;
  out.push(`${label}: Medicare Physician Fee Schedule ${r.year}${first === undefined ? "" : `, conversion factor ${first.conversionFactor} (${first.conversionFactorKind === "single" ? "single CF" : first.conversionFactorKind === "qp" ? "QP" : "non-QP"})`}`);
  const byLocality = new Map<string | null, MedicareReport["amounts"]>();
  for (const a of r.amounts) byLocality.set(a.locality, [...(byLocality.get(a.locality) ?? []), a]);
  for (const [locality, rows] of byLocality) {
    const priced = rows.find((a) => a.result !== null)?.result ?? undefined;
    out.push("");
    const where = priced === undefined || priced.localityName === null ? "" : ` ${priced.localityName}, ${priced.state ?? ""}`;
    const gpci = priced?.gpci;
    const gpciText = gpci === undefined || gpci === null ? "" : `  GPCI work ${gpci.work} / PE ${gpci.pe} / MP ${gpci.mp}`;
    out.push(locality === null ? "National (all GPCIs 1.000)" : `Locality ${locality}${where}${gpciText}`);
    for (const a of rows) {
      if (a.result === null) {
        out.push(`  ${a.setting === "facility" ? "facility" : "non-facility"}: not available: ${a.unavailable ?? ""}`);
        continue;
      }
      const m = a.result;
      out.push(
        `  ${pad(a.setting === "facility" ? "facility" : "non-facility", 12)}  ${pad(money(m.amount), 9)}   RVUs work ${m.rvus.work.toFixed(2)} + PE ${m.rvus.pe.toFixed(2)} + MP ${m.rvus.mp.toFixed(2)} = ${m.rvus.total.toFixed(2)}${m.percentOfBase === 100 ? "" : `   (${m.percentOfBase} % of ${money(m.baseAmount)})`}`,
      );
    }
  }
  if (first !== undefined) {
    const i = first.indicators;
    out.push("");
    out.push(`Indicators: status ${i.status} · global ${i.globalDays} · PC/TC ${i.pcTc} · multiple procedure ${i.multipleProcedure} · bilateral ${i.bilateral} · assistant ${i.assistant} · co-surgeon ${i.coSurgeon} · team ${i.team}${i.pricing === undefined ? "" : ` · PRIC IND ${i.pricing}`}`);
    for (const note of new Set(r.amounts.flatMap((a) => a.result?.notes ?? []))) out.push(`Note: ${note}`);
  }
  for (const d of r.distribution) {
    out.push("");
    const name = d.setting === "facility" ? "Facility" : "Non-facility";
    if (d.result === null) {
      out.push(`${name} distribution across localities: not available: ${d.unavailable ?? ""}`);
      continue;
    }
    const s = d.result.stats;
    out.push(`${name} distribution across ${s.count} localities: min ${money(s.min)} · p25 ${money(s.p25)} · median ${money(s.median)} · p75 ${money(s.p75)} · max ${money(s.max)} · mean ${money(s.mean)}`);
    const low = d.result.byLocality[0]!;
    const high = d.result.byLocality.at(-1)!;
    out.push(`  lowest ${low.macLocality} ${low.name} (${low.state}) ${money(low.amount)}; highest ${high.macLocality} ${high.name} (${high.state}) ${money(high.amount)}`);
  }
  if (r.medicaid.length > 0) {
    out.push("");
    out.push("Medicaid (imported state fee schedules):");
    for (const m of r.medicaid) {
      out.push(`  ${m.state} ${m.modifier === "" ? "" : `-${m.modifier} `}non-facility ${m.nonFacilityAmount === null ? "n/a" : money(m.nonFacilityAmount)} · facility ${m.facilityAmount === null ? "n/a" : money(m.facilityAmount)} (effective ${m.effectiveDate}; ${m.source})`);
    }
  }
  for (const note of r.notes) out.push(`Note: ${note}`);
  const sources = new Set([...r.amounts.map((a) => a.result?.source), ...r.distribution.map((d) => d.result?.source)].filter((s): s is string => s !== undefined));
  out.push("");
  for (const s of sources) out.push(`Source: ${s}`);
  return `${out.join("\n")}\n`;
}

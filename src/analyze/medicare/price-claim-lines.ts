import type { ReferenceData } from "../reference/reference-types.js";
import { formatUsd } from "../money.js";
import { percentOf, sumCents } from "./exact-amount.js";
import {
  bilateralPercent,
  componentOf,
  feeScheduleFor,
  medicareAmount,
  pfsRowFor,
} from "./medicare-amount.js";
import { pfsStatusRule } from "./pfs-status.js";

/** One claim line to price: code, modifiers as billed, units. */
export interface ClaimLineInput {
  code: string;
  modifiers: string[];
  units: number;
}

/** Options that apply to every line of the claim (one date of service). */
export interface PriceClaimOptions {
  year: number;
  setting: "facility" | "nonfacility";
  locality?: string;
  qp?: boolean;
}

/** One priced line, with the steps that produced its allowed amount. */
export interface PricedLine {
  index: number;
  code: string;
  modifiers: string[];
  /** One procedure at the fee schedule amount (component row where 26/TC). */
  baseAmount: number;
  /** After the bilateral rule (and units for non-bilateral lines), before the multiple-procedure reduction. */
  bilateralAdjusted: number;
  /** 1 = highest-valued procedure of the day; null when exempt (indicator 0/9) or not ranked. */
  multipleProcedureRank: number | null;
  /** Percent taken off `bilateralAdjusted` by the multiple-procedure rule (0 or 50; between for multi-unit lines). */
  reductionPercent: number;
  allowed: number;
  explanation: string[];
  /** Set when the line has no fee-schedule amount (status C: the MAC prices it); `allowed` is then 0. */
  unpriced?: string;
}

/** A priced claim (one date of service). */
export interface PricedClaim {
  year: number;
  setting: "facility" | "nonfacility";
  locality: string | null;
  lines: PricedLine[];
  total: number;
  source: string;
}

const STANDARD_MPPR = new Set(["1", "2", "3"]);

interface Work {
  line: PricedLine;
  mult: string;
  /** The procedures this line represents, each an amount, for ranking. */
  procedures: number[];
  exempt: boolean;
  status: string;
}

/**
 * "Each additional level" add-ons whose units count levels (joints): the facet add-ons (64491,
 * 64492, 64494, 64495), RF add-ons (64634, 64636) and transforaminal add-ons (64480, 64484).
 */
const PER_LEVEL_ADD_ONS: ReadonlySet<string> = new Set([
  "64480",
  "64484",
  "64491",
  "64492",
  "64494",
  "64495",
  "64634",
  "64636",
]);
const PER_LEVEL_SOURCE =
  'CPT descriptors "each additional level/facet joint"; a level is one joint, a bilateral level is still one level ' +
  "(MAC billing articles A57787, A58350); bilateral is one line with modifier 50 and 1 unit (IOM 100-04 ch.12 §40.7), " +
  "so units of these add-ons are levels (NCCI MUE 4 for 64480/64484/64634/64636); add-ons are exempt from the multiple-procedure rule (RVU file indicator 0)";

/** Status T (injection) lines are paid only when no other PFS service is paid that day by the provider. */
function applyInjectionRule(work: Work[]): void {
  const others = work.filter((w) => w.status !== "T" && w.line.allowed > 0);
  if (others.length === 0) return;
  for (const w of work) {
    if (w.status !== "T" || w.line.allowed === 0) continue;
    w.line.explanation.push(
      `status T: another PFS service is paid the same day (line ${others[0]!.line.index + 1}), so this injection is bundled → $0.00`,
    );
    w.line.allowed = 0;
    w.line.bilateralAdjusted = 0;
    w.procedures = [];
    w.exempt = true;
  }
}

/**
 * Prices the lines of one date of service the way the Medicare PFS does: each line's fee
 * schedule amount; the bilateral rule (modifier 50, an RT + LT pair of the same code, or 2 units,
 * at 150 % where the bilateral indicator is 1, 100 % where 0); then the multiple-procedure rule
 * across the day (procedures ranked by bilateral-adjusted amount: 100 % for the highest, 50 % for
 * each other one with indicator 1–3; add-ons and imaging, indicator 0, are exempt); modifier 26
 * / TC price the professional / technical rows of split codes. Throws `NotFoundError` for a code
 * not in that year's file (and `DataMissingError` for a locality in a year without GPCIs).
 */
export function priceClaimLines(
  ref: ReferenceData,
  lines: readonly ClaimLineInput[],
  options: PriceClaimOptions,
): PricedClaim {
  const schedule = feeScheduleFor(ref, options.year);
  const work: Work[] = [];
  const pairedWith = pairRightLeft(
    lines,
    (code) => schedule.rows.get(code.trim().toUpperCase())?.bilateralIndicator === "1",
  );
  let source = "";
  lines.forEach((input, index) => {
    const modifiers = input.modifiers.map((m) => m.trim().toUpperCase()).filter((m) => m !== "");
    const explanation: string[] = [];
    let component = componentOf(modifiers);
    const global = pfsRowFor(schedule, input.code, component);
    const facilityNa = options.setting === "facility" && global.facilityPeRvu === null;
    if (component === "" && facilityNa && global.pcTcIndicator === "1") {
      component = "26";
      explanation.push(
        "global imaging code in a facility: only the professional component (-26) is payable to the practitioner",
      );
    }
    const priced = medicareAmount(ref, {
      code: input.code,
      year: options.year,
      setting: options.setting,
      ...(options.locality === undefined ? {} : { locality: options.locality }),
      modifiers: component === "" ? [] : [component],
      qp: options.qp === true,
    });
    source = priced.source;
    const base = priced.baseAmount;
    const units = Number.isFinite(input.units) && input.units > 0 ? Math.floor(input.units) : 1;
    const bilatInd = priced.indicators.bilateral;
    explanation.push(
      `fee schedule amount ${formatUsd(base)} (${priced.locality === null ? "national" : `locality ${priced.locality}`}, ${options.setting}, CF ${priced.conversionFactor})`,
    );
    let adjusted: number;
    let procedures: number[];
    const partner = pairedWith.get(index);
    if (partner !== undefined && partner.role === "second") {
      adjusted = 0;
      procedures = [];
      explanation.push(
        `RT/LT pair with line ${partner.other + 1}: both sides paid on that line as one bilateral procedure`,
      );
    } else if (PER_LEVEL_ADD_ONS.has(priced.code) && units > 1) {
      // Units count levels (joints) for these add-ons, so 2 units are 2 levels, not a bilateral pair.
      const each = modifiers.includes("50")
        ? percentOf(base, bilateralPercent(bilatInd).percent)
        : base;
      adjusted = percentOf(each, 100 * units);
      procedures = Array.from({ length: units }, () => each);
      explanation.push(
        `${units} units = ${units} levels of an "each additional level" add-on, each paid in full${modifiers.includes("50") ? ` at the bilateral ${bilateralPercent(bilatInd).percent} %` : ""}: ${units} × ${formatUsd(each)} = ${formatUsd(adjusted)} (${PER_LEVEL_SOURCE})`,
      );
    } else if (
      modifiers.includes("50") ||
      (partner !== undefined && bilatInd === "1") ||
      (units === 2 && bilatInd === "1")
    ) {
      const why = modifiers.includes("50")
        ? "modifier 50"
        : partner !== undefined
          ? `RT + LT with line ${partner.other + 1}`
          : "2 units";
      const rule = bilateralPercent(bilatInd);
      adjusted = percentOf(base, rule.percent);
      procedures = [adjusted];
      explanation.push(`${why}: ${rule.note} → ${formatUsd(adjusted)}`);
      if (modifiers.includes("50") && units > 1) {
        explanation.push(
          `${units} units with modifier 50: Medicare pays one bilateral procedure per line (bill 1 unit)`,
        );
      }
    } else {
      adjusted = percentOf(base, 100 * units);
      procedures = Array.from({ length: units }, () => base);
      if (units > 1) {
        explanation.push(`${units} units × ${formatUsd(base)} = ${formatUsd(adjusted)}`);
      }
    }
    const status = pfsStatusRule(priced.indicators.status);
    let unpriced: string | undefined;
    if (status.payment === "contractor") {
      unpriced = status.note ?? "priced by the MAC";
      explanation.push(`${unpriced}: not in the total`);
      adjusted = 0;
      procedures = [];
    } else if (status.payment === "not-paid") {
      explanation.push(`${status.note ?? `status ${priced.indicators.status}`} → $0.00`);
      adjusted = 0;
      procedures = [];
    } else if (status.note !== null) explanation.push(status.note);
    const mult = priced.indicators.multipleProcedure;
    const exempt = !STANDARD_MPPR.has(mult) || procedures.length === 0;
    work.push({
      line: {
        index,
        code: priced.code,
        modifiers,
        baseAmount: base,
        bilateralAdjusted: adjusted,
        multipleProcedureRank: null,
        reductionPercent: 0,
        allowed: adjusted,
        explanation,
        ...(unpriced === undefined ? {} : { unpriced }),
      },
      status: priced.indicators.status,
      mult,
      procedures,
      exempt,
    });
  });
  applyInjectionRule(work);
  applyMultipleProcedureRule(work);
  const priced = work.map((w) => w.line);
  return {
    year: options.year,
    setting: options.setting,
    locality: options.locality ?? null,
    lines: priced,
    total: sumCents(priced.map((l) => l.allowed)),
    source,
  };
}

/** Ranks every procedure subject to the standard rule by amount; the first pays 100 %, the others 50 %. */
function applyMultipleProcedureRule(work: Work[]): void {
  const ranked: { w: Work; amount: number; order: number }[] = [];
  for (const w of work) {
    if (w.exempt) {
      const why =
        w.mult === "0"
          ? "multiple-procedure indicator 0: no reduction (add-on or imaging code)"
          : `multiple-procedure indicator ${w.mult}: the standard 50 % rule does not apply`;
      if (w.procedures.length > 0) w.line.explanation.push(why);
      continue;
    }
    w.procedures.forEach((amount, order) => ranked.push({ w, amount, order }));
  }
  ranked.sort(
    (a, b) => b.amount - a.amount || a.w.line.index - b.w.line.index || a.order - b.order,
  );
  const paid = new Map<Work, number[]>();
  ranked.forEach((p, rank) => {
    if (p.w.line.multipleProcedureRank === null) p.w.line.multipleProcedureRank = rank + 1;
    const list = paid.get(p.w) ?? [];
    list.push(rank === 0 ? p.amount : percentOf(p.amount, 50));
    paid.set(p.w, list);
  });
  for (const [w, amounts] of paid) {
    const allowed = sumCents(amounts);
    w.line.allowed = allowed;
    w.line.reductionPercent =
      w.line.bilateralAdjusted === 0
        ? 0
        : Math.round((1 - allowed / w.line.bilateralAdjusted) * 10_000) / 100;
    if (w.mult === "3") {
      w.line.explanation.push(
        "multiple-procedure indicator 3 (endoscopic family): priced with the standard rule; the endoscopic base-code rule is not modelled",
      );
    }
    w.line.explanation.push(
      w.line.reductionPercent === 0
        ? `multiple-procedure rank ${w.line.multipleProcedureRank}: highest-valued procedure of the day, paid at 100 %`
        : `multiple-procedure rank ${w.line.multipleProcedureRank}: reduced ${w.line.reductionPercent} % (50 % for each procedure after the highest) → ${formatUsd(allowed)}`,
    );
  }
}

/**
 * Finds RT/LT line pairs of the same bilateral-indicator-1 code (neither with modifier 50): the
 * first line carries the 150 % bilateral payment, the second is paid $0 with a pointer to it.
 */
function pairRightLeft(
  lines: readonly ClaimLineInput[],
  bilateralCode: (code: string) => boolean,
): Map<number, { role: "first" | "second"; other: number }> {
  const pairs = new Map<number, { role: "first" | "second"; other: number }>();
  const side = (mods: readonly string[]): "RT" | "LT" | null => {
    const upper = mods.map((m) => m.trim().toUpperCase());
    if (upper.includes("50")) return null;
    return upper.includes("RT") && !upper.includes("LT")
      ? "RT"
      : upper.includes("LT") && !upper.includes("RT")
        ? "LT"
        : null;
  };
  lines.forEach((line, i) => {
    const s = side(line.modifiers);
    if (s === null || pairs.has(i) || !bilateralCode(line.code)) return;
    const j = lines.findIndex(
      (other, k) =>
        k > i &&
        !pairs.has(k) &&
        other.code.trim().toUpperCase() === line.code.trim().toUpperCase() &&
        side(other.modifiers) === (s === "RT" ? "LT" : "RT"),
    );
    if (j >= 0) {
      pairs.set(i, { role: "first", other: j });
      pairs.set(j, { role: "second", other: i });
    }
  });
  return pairs;
}

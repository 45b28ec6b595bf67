import { UsageError } from "../../errors.js";
import { codeFor, codeInfo, type CodeFamily, type CodingRegion } from "./code-catalog.js";
import type { ProcedureFacts } from "../../sources/claims/procedure-facts.js";
import {
  areContiguous,
  codingRegionOf,
  compareLevels,
  parseSpinalLevel,
  type Side,
  type SpinalLevel,
} from "../../sources/claims/spinal-levels.js";

/** How a payer wants a bilateral procedure reported (its policy says; `rules/policies`). */
export type BilateralFormat = "modifier-50" | "rt-lt";

/** One claim line the coder proposes, with the levels it stands for. */
export interface CodedLine {
  code: string;
  modifiers: string[];
  units: number;
  levels: string[];
  description: string;
}

/** The coder's answer: lines, the reasoning behind them and warnings for the biller. */
export interface CodedProcedure {
  payer: string;
  bilateralFormat: BilateralFormat;
  lines: CodedLine[];
  reasoning: string[];
  warnings: string[];
}

export interface CodeProcedureOptions {
  /** Payer key ("medicare", "aetna", …): Medicare adds KX on diagnostic blocks and LCD warnings. */
  payer: string;
  /** The payer's bilateral format (from its policy file); default modifier 50 (CPT's instruction). */
  bilateralFormat?: BilateralFormat;
}

interface Slot {
  code: string;
  levels: SpinalLevel[];
  side: Side;
  units: number;
}

const FAMILY_OF: Record<NonNullable<ProcedureFacts["procedure"]>, CodeFamily> = {
  "facet-injection": "facet-injection",
  "radiofrequency-ablation": "facet-rfa",
  "paravertebral-block": "paravertebral-block",
  "transforaminal-epidural": "transforaminal-epidural",
};

/**
 * Turns procedure facts into claim lines for a payer: facet levels counted as joints (a
 * bilateral level is one level; left and right at one level merge), third and further levels in
 * one 64492/64495 line, RF ablation per joint, transforaminal epidurals per level, thoracic
 * paravertebral blocks per injection site; the bilateral format of the payer (one -50 line, or
 * RT and LT lines); T12-L1 + L1-L2 as 64490 + 64494; KX on Medicare diagnostic blocks.
 * @throws UsageError when the facts are not enough to code (no levels, unknown sides).
 */
export function codeProcedure(
  facts: ProcedureFacts,
  options: CodeProcedureOptions,
): CodedProcedure {
  const procedure = facts.procedure ?? "facet-injection";
  const format = options.bilateralFormat ?? "modifier-50";
  const medicare = options.payer === "medicare";
  const reasoning: string[] = [];
  const warnings: string[] = [];
  reasoning.push(
    options.bilateralFormat
      ? `${options.payer}: bilateral procedures are reported ${format === "modifier-50" ? "on one line with modifier 50, 1 unit" : "on two lines, RT and LT, 1 unit each"} (payer policy).`
      : `${options.payer}: no bilateral preference on file; using CPT's instruction, modifier 50 on one line.`,
  );

  const levels = mergeLevels(facts, reasoning);
  let slots: Slot[];
  if (procedure === "paravertebral-block") slots = paravertebralSlots(facts, levels, reasoning);
  else {
    if (levels.length === 0) {
      throw new UsageError(
        "say which levels were treated, e.g. C4-C5 (facet, RF and transforaminal codes are chosen by level)",
      );
    }
    if (procedure === "facet-injection") {
      slots = facetSlots(facts, levels, medicare, reasoning, warnings);
    } else {
      slots = perLevelSlots(
        FAMILY_OF[procedure],
        levels,
        procedure === "radiofrequency-ablation" ? "joint" : "level",
        reasoning,
      );
    }
    if (procedure === "radiofrequency-ablation") {
      rfaNotes(facts, levels, medicare, reasoning, warnings);
    }
  }
  if (facts.guidance === "fluoroscopy" || facts.guidance === "ct") {
    reasoning.push(
      `${facts.guidance === "ct" ? "CT" : "Fluoroscopic"} guidance is included in the procedure codes: no 77003/77012 line.`,
    );
  }
  if (
    medicare &&
    (facts.sedation === "moderate" || facts.sedation === "mac" || facts.sedation === "general") &&
    procedure !== "paravertebral-block"
  ) {
    warnings.push(
      `Medicare's facet LCDs do not consider ${facts.sedation === "general" ? "general anesthesia" : "sedation"} reasonable and necessary for ${procedure === "radiofrequency-ablation" ? "ablation unless documented" : "facet blocks"}.`,
    );
  }
  const diagnosticKx =
    medicare && facts.purpose === "diagnostic" && procedure === "facet-injection";
  if (diagnosticKx) {
    reasoning.push(
      "Medicare diagnostic facet block: KX on each facet line (without it the block counts as therapeutic).",
    );
  }
  const lines = slots.flatMap((slot) => formatSlot(slot, format, diagnosticKx));
  return { payer: options.payer, bilateralFormat: format, lines, reasoning, warnings };
}

/** Parses the facts' levels, merges left + right at one level into bilateral, sorts head to tail. */
function mergeLevels(
  facts: ProcedureFacts,
  reasoning: string[],
): { level: SpinalLevel; side: Side }[] {
  const byName = new Map<string, { level: SpinalLevel; side: Side }>();
  for (const item of facts.levels ?? []) {
    const level = parseSpinalLevel(item.level);
    if (typeof level === "string") throw new UsageError(level);
    const existing = byName.get(level.name);
    if (existing && existing.side !== item.side) {
      existing.side = "bilateral";
      reasoning.push(
        `${level.name} is treated on both sides: one bilateral level, not two levels.`,
      );
    } else if (!existing) byName.set(level.name, { level, side: item.side });
  }
  return [...byName.values()].sort((a, b) => compareLevels(a.level, b.level));
}

function facetSlots(
  facts: ProcedureFacts,
  levels: { level: SpinalLevel; side: Side }[],
  medicare: boolean,
  reasoning: string[],
  warnings: string[],
): Slot[] {
  const family: CodeFamily =
    facts.guidance === "ultrasound" ? "ultrasound-facet" : "facet-injection";
  if (family === "ultrasound-facet") {
    warnings.push(
      "Ultrasound-guided facet injections are not reported with 64490–64495: Category III codes 0213T–0218T apply, and Medicare's LCDs do not cover them.",
    );
  }
  if (facts.guidance === "mri" || facts.guidance === "none") {
    warnings.push(
      "64490–64495 require fluoroscopy or CT guidance; the LCDs do not cover MRI-guided or unguided facet injections.",
    );
  }
  reasoning.push(
    `${facts.technique === "intra-articular" ? "Intra-articular injections" : facts.technique === "medial-branch" ? "Medial branch blocks" : "Facet injections"} are counted per joint level (two medial branch nerves block one joint; intra-articular and medial branch at one level are one level).`,
  );
  const groups = groupByRegion(levels);
  const ct = groups.get("cervical-thoracic") ?? [];
  const ls = groups.get("lumbar-sacral") ?? [];
  // CPT-sanctioned crossing: unilateral T12-L1 + L1-L2 is 64490 + 64494 (reference.md §1.1).
  const crossing =
    family === "facet-injection" &&
    ct.length === 1 &&
    ct[0]!.level.name === "T12-L1" &&
    ls[0]?.level.name === "L1-L2";
  const slots: Slot[] = [];
  for (const [region, items] of groups) {
    const start = crossing && region === "lumbar-sacral" ? 2 : 1;
    if (crossing && region === "lumbar-sacral") {
      reasoning.push(
        "T12-L1 then L1-L2: the lumbar level continues the thoracic primary, 64490 + 64494 (NCCI lists 64490 as a primary of 64494).",
      );
    }
    const regionLabel = region === "cervical-thoracic" ? "cervical/thoracic" : "lumbar/sacral";
    reasoning.push(
      `${regionLabel}: ${items.length} level(s) ${items.map((i) => `${i.level.name} ${i.side}`).join(", ")}.`,
    );
    if (!areContiguous(items.map((i) => i.level))) {
      warnings.push(`The ${regionLabel} levels are not contiguous; check the procedure note.`);
    }
    const first = items.slice(0, Math.max(0, 3 - start));
    first.forEach((item, i) =>
      slots.push({
        code: codeFor(family, region, (start + i) as 1 | 2)!,
        levels: [item.level],
        side: item.side,
        units: 1,
      }),
    );
    const rest = items.slice(first.length);
    if (rest.length > 0) {
      slots.push({
        code: codeFor(family, region, 3)!,
        levels: rest.map((r) => r.level),
        side: unionSide(rest.map((r) => r.side)),
        units: 1,
      });
      reasoning.push(
        `${codeFor(family, region, 3)} covers the third and every further ${regionLabel} level and is billed once (${rest.map((r) => r.level.name).join(", ")}).`,
      );
    }
    if (start + items.length - 1 > 2 && medicare) {
      warnings.push(
        `Medicare covers at most two facet levels per region per session: the ${regionLabel} third-and-beyond line (${codeFor(family, region, 3)}) will be denied as not reasonable and necessary unless an ABN (modifier GA) was signed.`,
      );
    }
  }
  return slots;
}

function perLevelSlots(
  family: CodeFamily,
  levels: { level: SpinalLevel; side: Side }[],
  unit: "joint" | "level",
  reasoning: string[],
): Slot[] {
  const slots: Slot[] = [];
  for (const [region, items] of groupByRegion(levels)) {
    const primary = codeFor(family, region, 1)!;
    const addOn = codeFor(family, region, 2)!;
    slots.push({ code: primary, levels: [items[0]!.level], side: items[0]!.side, units: 1 });
    // Further joints/levels are one add-on unit each; lines grouped by side.
    for (const side of ["bilateral", "left", "right"] as const) {
      const same = items.slice(1).filter((item) => item.side === side);
      if (same.length > 0) {
        slots.push({ code: addOn, levels: same.map((s) => s.level), side, units: same.length });
      }
    }
    reasoning.push(
      `${primary} for the first ${unit} (${items[0]!.level.name})${
        items.length > 1
          ? `, ${addOn} for each further ${unit} (${items
              .slice(1)
              .map((i) => i.level.name)
              .join(", ")})`
          : ""
      }; counted per ${unit}, not per nerve or needle.`,
    );
  }
  return slots;
}

function paravertebralSlots(
  facts: ProcedureFacts,
  levels: { level: SpinalLevel; side: Side }[],
  reasoning: string[],
): Slot[] {
  const side = levels.length > 0 ? unionSide(levels.map((l) => l.side)) : "right";
  if (levels.length === 0) {
    reasoning.push(
      "No side given for the paravertebral block: coded as unilateral right; correct the side if needed.",
    );
  }
  if (facts.continuousInfusion === true) {
    reasoning.push(
      "Continuous infusion by catheter: 64463 (imaging, including ultrasound, is included).",
    );
    return [{ code: "64463", levels: levels.map((l) => l.level), side, units: 1 }];
  }
  const sites = facts.injectionSites ?? Math.max(1, levels.length);
  reasoning.push(
    `Thoracic paravertebral block, ${sites} injection site(s): 64461${sites > 1 ? " + 64462 once for the second and every further site" : ""}. It is not a facet procedure (never with 64490–64492).`,
  );
  const slots: Slot[] = [
    { code: "64461", levels: levels.slice(0, 1).map((l) => l.level), side, units: 1 },
  ];
  if (sites > 1) {
    slots.push({ code: "64462", levels: levels.slice(1).map((l) => l.level), side, units: 1 });
  }
  return slots;
}

function rfaNotes(
  facts: ProcedureFacts,
  levels: { level: SpinalLevel; side: Side }[],
  medicare: boolean,
  reasoning: string[],
  warnings: string[],
): void {
  reasoning.push(
    "Radiofrequency ablation is billed per joint: the medial branches that supply one joint are one joint.",
  );
  if (facts.ablationTechnique && facts.ablationTechnique !== "thermal") {
    warnings.push(
      `${facts.ablationTechnique} ablation is not covered by Medicare's LCDs and is unproven for UnitedHealthcare and eviCore; only thermal RF is.`,
    );
  }
  if (medicare) {
    const qualifying = (facts.priorBlocks ?? []).filter(
      (b) => b.kind === "diagnostic" && b.reliefPercent >= 80,
    ).length;
    if (qualifying < 2) {
      warnings.push(
        `Medicare covers RF ablation only after two diagnostic medial branch blocks each with at least 80% relief; the facts show ${qualifying}.`,
      );
    }
    for (const [region, items] of groupByRegion(levels)) {
      if (items.length > 2) {
        warnings.push(`Medicare covers at most two ${region} levels per session.`);
      }
    }
  }
}

function groupByRegion(
  levels: { level: SpinalLevel; side: Side }[],
): Map<CodingRegion, { level: SpinalLevel; side: Side }[]> {
  const groups = new Map<CodingRegion, { level: SpinalLevel; side: Side }[]>();
  for (const item of levels) {
    const region = codingRegionOf(item.level);
    groups.set(region, [...(groups.get(region) ?? []), item]);
  }
  return groups;
}

function unionSide(sides: Side[]): Side {
  if (sides.includes("bilateral") || (sides.includes("left") && sides.includes("right"))) {
    return "bilateral";
  }
  return sides[0] ?? "right";
}

function formatSlot(slot: Slot, format: BilateralFormat, kx: boolean): CodedLine[] {
  const description = codeInfo(slot.code)?.description ?? slot.code;
  const levelNames = slot.levels.map((l) => l.name);
  const extra = kx ? ["KX"] : [];
  if (slot.side !== "bilateral") {
    return [
      {
        code: slot.code,
        modifiers: [slot.side === "left" ? "LT" : "RT", ...extra],
        units: slot.units,
        levels: levelNames,
        description,
      },
    ];
  }
  if (format === "modifier-50") {
    return [
      {
        code: slot.code,
        modifiers: ["50", ...extra],
        units: slot.units,
        levels: levelNames,
        description,
      },
    ];
  }
  return (["RT", "LT"] as const).map((side) => ({
    code: slot.code,
    modifiers: [side, ...extra],
    units: slot.units,
    levels: levelNames,
    description,
  }));
}

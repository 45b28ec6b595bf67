import { UsageError } from "../../errors.js";
import type {
  AblationTechnique,
  Guidance,
  ProcedureFacts,
} from "../../sources/claims/procedure-facts.js";
import { parseSpinalLevel, type Side } from "../../sources/claims/spinal-levels.js";

const VERTEBRA = /^([CTLS])(\d{1,2})$/i;
const ORDER = ["C", "T", "L", "S"];
const COUNT: Record<string, number> = { C: 7, T: 12, L: 5, S: 1 };

/** The vertebra after `name` (C7 → T1, L5 → S1). */
function nextVertebra(name: string): string | undefined {
  const match = VERTEBRA.exec(name);
  if (!match) return undefined;
  const letter = match[1]!.toUpperCase();
  const number = Number(match[2]);
  if (number < COUNT[letter]!) return `${letter}${number + 1}`;
  const next = ORDER[ORDER.indexOf(letter) + 1];
  return next ? `${next}1` : undefined;
}

/**
 * Reads a short procedure description ("bilateral C4-C5 and C5-C6 medial branch blocks under
 * fluoroscopy", "left L4-L5 L5-S1 radiofrequency ablation", "right L3, L4 and L5 medial
 * branches") into procedure facts. Levels are joints; a range such as "C4-C6" is the joints in
 * between (C4-C5, C5-C6); a list of medial branch nerves becomes the joints they supply (two
 * nerves per joint). Side words apply to the levels after them, or to earlier levels not yet
 * sided.
 * @throws UsageError when no level or no side can be found.
 */
export function parseProcedureDescription(text: string): ProcedureFacts {
  const lower = text.toLowerCase();
  const facts: ProcedureFacts = {};
  if (/radio ?frequency|\brfa\b|ablation|neurotomy|rhizotomy|denervation/.test(lower)) {
    facts.procedure = "radiofrequency-ablation";
  } else if (/paravertebral (nerve )?block|\bpvb\b/.test(lower) && !/facet/.test(lower)) {
    facts.procedure = "paravertebral-block";
  } else if (/transforaminal|\btfesi\b|epidural/.test(lower)) {
    facts.procedure = "transforaminal-epidural";
  } else facts.procedure = "facet-injection";
  if (/medial branch|\bmbb\b/.test(lower)) facts.technique = "medial-branch";
  else if (/intra-?articular|facet joint injection/.test(lower)) {
    facts.technique = "intra-articular";
  }
  const guidance: [RegExp, Guidance][] = [
    [/fluoro/, "fluoroscopy"],
    [/\bct\b|computed tomography/, "ct"],
    [/ultrasound|\bus-guided|sonograph/, "ultrasound"],
    [/\bmri\b/, "mri"],
    [/without (imaging|guidance)|unguided|landmark/, "none"],
  ];
  for (const [pattern, value] of guidance) {
    if (pattern.test(lower)) {
      facts.guidance = value;
      break;
    }
  }
  if (/diagnostic/.test(lower)) facts.purpose = "diagnostic";
  else if (/therapeutic/.test(lower)) facts.purpose = "therapeutic";
  const techniques: AblationTechnique[] = ["pulsed", "cooled", "cryo", "chemical", "laser"];
  if (facts.procedure === "radiofrequency-ablation") {
    facts.ablationTechnique = techniques.find((t) => lower.includes(t)) ?? "thermal";
  }
  if (/catheter|continuous/.test(lower)) facts.continuousInfusion = true;
  const sites = /(\d+|two|three|four|five)\s+(injection )?sites?/.exec(lower);
  if (sites) {
    facts.injectionSites =
      Number(sites[1]) || ["", "one", "two", "three", "four", "five"].indexOf(sites[1]!);
  }
  if (/\bmoderate sedation\b/.test(lower)) facts.sedation = "moderate";
  else if (/general anesthesia/.test(lower)) facts.sedation = "general";
  else if (/\bmac\b|monitored anesthesia/.test(lower)) facts.sedation = "mac";

  // Tokens: side words, level ranges ("C4-C5", "C4-6", "C4-C6"), lone vertebrae (nerve lists).
  const tokens =
    text.match(
      /\b(bilateral(?:ly)?|left|right|[CTLS]\d{1,2}\s*[-–/]\s*[CTLS]?\d{1,2}|[CTLS]\d{1,2})\b/gi,
    ) ?? [];
  const levels: { level: string; side: Side | undefined }[] = [];
  const nerves: { name: string; side: Side | undefined }[] = [];
  let current: Side | undefined;
  const assign = (side: Side): void => {
    for (const item of [...levels, ...nerves]) if (item.side === undefined) item.side = side;
  };
  for (const token of tokens) {
    const word = token.toLowerCase();
    if (word.startsWith("bilateral")) {
      current = "bilateral";
      assign(current);
      continue;
    }
    if (word === "left" || word === "right") {
      current = word;
      assign(current);
      continue;
    }
    if (VERTEBRA.test(token)) {
      nerves.push({ name: token.toUpperCase(), side: current });
      continue;
    }
    const parsed = parseSpinalLevel(token);
    if (typeof parsed !== "string") {
      levels.push({ level: parsed.name, side: current });
      continue;
    }
    // "C4-C6": the joints between C4 and C6.
    const [from, to] = token.toUpperCase().replace(/\s/g, "").split(/[-–/]/);
    const end = /^\d+$/.test(to ?? "") ? `${from![0]}${to}` : to;
    let cursor = from;
    let guard = 0;
    while (cursor !== undefined && cursor !== end && guard++ < 30) {
      const next = nextVertebra(cursor);
      if (next === undefined) break;
      const level = parseSpinalLevel(`${cursor}-${next}`);
      if (typeof level !== "string") levels.push({ level: level.name, side: current });
      cursor = next;
    }
    if (cursor !== end) throw new UsageError(`cannot read "${token}" as spinal levels`);
  }
  if (nerves.length >= 2 && /medial branch|nerve|ramus|rami/.test(lower)) {
    // Two medial branch nerves supply one joint. Cervical/thoracic joint Cn-Cn+1 ← Cn + Cn+1;
    // lumbar joint Ln-Ln+1 ← Ln-1 + Ln (L5-S1 ← L4 medial branch + L5 dorsal ramus).
    for (let i = 0; i + 1 < nerves.length; i++) {
      const a = nerves[i]!;
      const lumbar = a.name.startsWith("L");
      const upper = lumbar ? nextVertebra(a.name) : a.name;
      const lower2 = upper ? nextVertebra(upper) : undefined;
      if (!upper || !lower2) continue;
      const level = parseSpinalLevel(`${upper}-${lower2}`);
      if (typeof level !== "string") levels.push({ level: level.name, side: a.side });
    }
  }
  if (levels.length === 0 && facts.procedure !== "paravertebral-block") {
    throw new UsageError(
      `no spinal level found in "${text}" (write levels such as C4-C5 or L5-S1)`,
    );
  }
  const unsided = levels.filter((l) => l.side === undefined);
  if (unsided.length > 0) {
    throw new UsageError(
      `say which side was treated at ${unsided.map((l) => l.level).join(", ")}: left, right or bilateral`,
    );
  }
  facts.levels = levels.map((l) => ({ level: l.level, side: l.side! }));
  return facts;
}

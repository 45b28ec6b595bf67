import type { ReferenceData } from "../reference/reference-types.js";
import { CATALOGUE, type CuratedCode } from "./code-catalogue.js";
import type { CodeSearchHit } from "./code-entry.js";
import { FAMILIES } from "./code-families.js";

/**
 * Phrases a coder types, mapped to concepts with weights. Longer phrases win over their parts
 * ("medial branch block" before "medial branch" before "branch"). A phrase may point to
 * several concepts ("facet" is both injections and ablation, injections first).
 */
const PHRASES: readonly [string, readonly [string, number][]][] = [
  ["medial branch block", [["family:facet-injection", 3]]],
  ["medial branch nerve block", [["family:facet-injection", 3]]],
  ["facet joint injection", [["family:facet-injection", 3]]],
  ["facet injection", [["family:facet-injection", 3]]],
  ["facet block", [["family:facet-injection", 3]]],
  ["intra articular", [["family:facet-injection", 2]]],
  ["intraarticular", [["family:facet-injection", 2]]],
  ["mbb", [["family:facet-injection", 3]]],
  [
    "zygapophyseal",
    [
      ["family:facet-injection", 2],
      ["family:facet-rfa", 1],
    ],
  ],
  [
    "z joint",
    [
      ["family:facet-injection", 2],
      ["family:facet-rfa", 1],
    ],
  ],
  [
    "medial branch",
    [
      ["family:facet-injection", 2],
      ["family:facet-rfa", 1.5],
    ],
  ],
  [
    "facet",
    [
      ["family:facet-injection", 2],
      ["family:facet-rfa", 1.5],
    ],
  ],
  ["radiofrequency ablation", [["family:facet-rfa", 3]]],
  ["radio frequency", [["family:facet-rfa", 3]]],
  ["radiofrequency", [["family:facet-rfa", 3]]],
  ["rfa", [["family:facet-rfa", 3]]],
  ["ablation", [["family:facet-rfa", 3]]],
  ["rhizotomy", [["family:facet-rfa", 3]]],
  ["neurotomy", [["family:facet-rfa", 3]]],
  ["denervation", [["family:facet-rfa", 3]]],
  ["neurolysis", [["family:facet-rfa", 3]]],
  ["destruction", [["family:facet-rfa", 3]]],
  ["paravertebral nerve block", [["family:paravertebral-block", 3]]],
  ["paravertebral block", [["family:paravertebral-block", 3]]],
  ["pvb", [["family:paravertebral-block", 3]]],
  [
    "paravertebral",
    [
      ["family:paravertebral-block", 2],
      ["family:facet-injection", 1],
    ],
  ],
  ["transforaminal", [["family:transforaminal-epidural", 3]]],
  ["tfesi", [["family:transforaminal-epidural", 3]]],
  ["epidural steroid injection", [["family:transforaminal-epidural", 3]]],
  ["epidural", [["family:transforaminal-epidural", 3]]],
  ["esi", [["family:transforaminal-epidural", 3]]],
  ["selective nerve root block", [["family:transforaminal-epidural", 3]]],
  ["nerve root block", [["family:transforaminal-epidural", 3]]],
  ["snrb", [["family:transforaminal-epidural", 3]]],
  ["fluoroscopic guidance", [["modality:fluoro", 3]]],
  ["fluoroscopy", [["modality:fluoro", 3]]],
  ["fluoroscopic", [["modality:fluoro", 3]]],
  ["fluoro", [["modality:fluoro", 3]]],
  ["c arm", [["modality:fluoro", 3]]],
  ["ct guidance", [["modality:ct", 3]]],
  ["computed tomography", [["modality:ct", 3]]],
  ["ct", [["modality:ct", 2]]],
  ["ultrasound guidance", [["modality:us", 3]]],
  ["ultrasound", [["modality:us", 3]]],
  ["guidance", [["family:imaging-guidance", 1.5]]],
  ["imaging", [["family:imaging-guidance", 1.5]]],
  ["spine", [["region:spine", 0.5]]],
  ["cervical", [["region:cervical/thoracic", 2]]],
  ["neck", [["region:cervical/thoracic", 2]]],
  ["cervicothoracic", [["region:cervical/thoracic", 2]]],
  [
    "thoracic",
    [
      ["region:cervical/thoracic", 2],
      ["region:thoracic", 2],
    ],
  ],
  ["lumbosacral", [["region:lumbar/sacral", 2]]],
  ["lumbar", [["region:lumbar/sacral", 2]]],
  ["sacral", [["region:lumbar/sacral", 2]]],
  ["low back", [["region:lumbar/sacral", 2]]],
  ["lower back", [["region:lumbar/sacral", 2]]],
  ["first level", [["level:first", 2]]],
  ["1st level", [["level:first", 2]]],
  ["single level", [["level:first", 2]]],
  ["one level", [["level:first", 2]]],
  ["single joint", [["level:first", 2]]],
  ["first", [["level:first", 1.5]]],
  ["single", [["level:first", 1.5]]],
  ["second level", [["level:second", 2]]],
  ["2nd level", [["level:second", 2]]],
  ["two levels", [["level:second", 2]]],
  ["second", [["level:second", 1.5]]],
  [
    "each additional",
    [
      ["level:second", 1.5],
      ["level:third", 1],
    ],
  ],
  [
    "additional level",
    [
      ["level:second", 1.5],
      ["level:third", 1],
    ],
  ],
  ["third level", [["level:third", 2]]],
  ["3rd level", [["level:third", 2]]],
  ["third", [["level:third", 1.5]]],
  ["add on", [["kind:add-on", 1]]],
  ["addon", [["kind:add-on", 1]]],
  ["catheter", [["mode:catheter", 2]]],
  ["continuous", [["mode:catheter", 2]]],
  ["infusion", [["mode:catheter", 2]]],
  ["bilateral", [["bilateral", 0.2]]],
];
const PHRASE_TOKENS = PHRASES.map(([phrase, concepts]) => ({
  tokens: phrase.split(" "),
  concepts,
  phrase,
}));
const STOP = new Set([
  "the",
  "a",
  "an",
  "of",
  "and",
  "or",
  "with",
  "for",
  "to",
  "in",
  "at",
  "on",
  "by",
  "level",
  "levels",
  "code",
  "cpt",
]);

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter((t) => t !== "");
}

/** The concept tags of a curated code. */
function tagsOf(c: CuratedCode): Set<string> {
  const tags = new Set<string>([`family:${c.family}`, `region:${c.region}`, `kind:${c.kind}`]);
  if (c.region !== "any") tags.add("region:spine");
  const level = c.level.toLowerCase();
  if (/first|single/.test(level)) tags.add("level:first");
  if (/second|each additional/.test(level)) tags.add("level:second");
  if (/third|each additional/.test(level)) tags.add("level:third");
  if (/continuous/.test(level)) tags.add("mode:catheter");
  if (c.code === "77002" || c.code === "77003") tags.add("modality:fluoro");
  if (c.code === "77012") tags.add("modality:ct");
  if (c.code === "76942") tags.add("modality:us");
  if (c.family !== "imaging-guidance") tags.add("bilateral");
  for (const k of c.keywords ?? []) {
    for (const p of PHRASE_TOKENS) {
      if (p.phrase === k) for (const [tag] of p.concepts) tags.add(tag);
    }
  }
  return tags;
}

/**
 * Searches the code reference: CPT/HCPCS codes, words and synonyms ("MBB", "medial branch",
 * "facet", "RFA", "cervical", "second level" …), and diagnosis codes or titles (from the loaded
 * ICD-10-CM file) linked to the curated codes. Best match first; codes outside the curated
 * families match only by their number (their descriptors are not shipped).
 */
export function searchCodes(ref: ReferenceData, query: string, limit = 10): CodeSearchHit[] {
  const words = tokens(query);
  if (words.length === 0) return [];
  const concepts = new Map<string, { weight: number; phrase: string }[]>();
  const rest: string[] = [];
  for (let i = 0; i < words.length;) {
    const match = PHRASE_TOKENS.filter((p) => p.tokens.every((t, k) => words[i + k] === t)).sort(
      (a, b) => b.tokens.length - a.tokens.length,
    )[0];
    if (match === undefined) {
      if (!STOP.has(words[i]!)) rest.push(words[i]!);
      i++;
      continue;
    }
    for (const [tag, weight] of match.concepts) {
      concepts.set(tag, [...(concepts.get(tag) ?? []), { weight, phrase: match.phrase }]);
    }
    i += match.tokens.length;
  }
  const hits: CodeSearchHit[] = [];
  for (const c of CATALOGUE) {
    const tags = tagsOf(c);
    let score = 0;
    const matched: string[] = [];
    for (const [tag, found] of concepts) {
      if (!tags.has(tag)) continue;
      score += Math.max(...found.map((f) => f.weight));
      matched.push(`${tag} ("${found.map((f) => f.phrase).join('", "')}")`);
    }
    const family = FAMILIES[c.family];
    const diagnoses = family.diagnoses[c.region] ?? [];
    const description = new Set(tokens(`${c.description} ${c.level} ${family.name}`));
    for (const word of rest) {
      if (word.toUpperCase() === c.code) {
        score += 100;
        matched.push(`code ${c.code}`);
        continue;
      }
      const diagnosis = diagnoses.find(
        (d) => d.code.toLowerCase() === word || d.code.replace(".", "").toLowerCase() === word,
      );
      if (diagnosis !== undefined) {
        const weight = diagnosis.role === "supports" ? 5 : diagnosis.role === "not-listed" ? 1 : 0;
        if (weight > 0) {
          score += weight;
          matched.push(`diagnosis ${diagnosis.code} (${diagnosis.role})`);
        }
        continue;
      }
      if (word.length >= 3 && description.has(word)) {
        score += 0.5;
        matched.push(`word "${word}"`);
        continue;
      }
      const titled =
        word.length >= 4
          ? diagnoses.filter(
              (d) =>
                d.role === "supports" && tokens(ref.icd10Titles.get(d.code) ?? "").includes(word),
            )
          : [];
      if (titled.length > 0) {
        score += 0.75;
        matched.push(`diagnosis title word "${word}" (${titled[0]!.code})`);
      }
    }
    if (score > 0) {
      hits.push({
        code: c.code,
        description: c.description,
        curated: true,
        score: Math.round(score * 100) / 100,
        matched,
      });
    }
  }
  // Any other code present in a fee schedule matches by its number.
  for (const word of rest) {
    const code = word.toUpperCase();
    if (hits.some((h) => h.code === code)) continue;
    if ([...ref.feeSchedules.values()].some((y) => y.rows.has(code))) {
      hits.push({ code, description: null, curated: false, score: 100, matched: [`code ${code}`] });
    }
  }
  return hits.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code)).slice(0, limit);
}

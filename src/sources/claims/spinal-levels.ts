/**
 * Spinal facet levels: a level is the joint between two adjacent vertebrae ("C4-C5"). Two medial
 * branch nerves supply one joint, so nerves are never levels. Facet codes cover C2-C3 to L5-S1;
 * T12-L1 is coded with the cervical/thoracic codes (64490 + 64494 for T12-L1 and L1-L2).
 * @see reference.md §1.1 (FCSO-A57787, FCSO-CG; RUBRIC for T12-L1)
 */

/** The side(s) treated at one level. */
export type Side = "left" | "right" | "bilateral";

/** The two coding regions the facet codes are split by. T12-L1 belongs to cervical/thoracic. */
export type CodingRegion = "cervical-thoracic" | "lumbar-sacral";

/** The three anatomical regions Medicare's LCD text and the policies speak of. */
export type SpinalRegion = "cervical" | "thoracic" | "lumbar";

const VERTEBRAE: readonly string[] = [
  ...Array.from({ length: 7 }, (_, i) => `C${i + 1}`),
  ...Array.from({ length: 12 }, (_, i) => `T${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `L${i + 1}`),
  "S1",
];
const INDEX = new Map(VERTEBRAE.map((name, index) => [name, index]));
const FIRST_FACET = INDEX.get("C2")!;
const T12 = INDEX.get("T12")!;
const C7 = INDEX.get("C7")!;

/** A parsed level: its canonical name and the index of its upper vertebra (C1 = 0). */
export interface SpinalLevel {
  readonly name: string;
  readonly upper: number;
}

/**
 * Parses "C4-C5", "c4-5", "C4/C5", "L5-S1", "T12-L1" into a level; returns an explanation string
 * when the text is not one adjacent facet level between C2-C3 and L5-S1.
 */
export function parseSpinalLevel(text: string): SpinalLevel | string {
  const match = /^\s*([CTLS])(\d{1,2})\s*[-/–]\s*([CTLS])?(\d{1,2})\s*$/i.exec(text);
  if (!match) return `"${text}" is not a spinal level such as C4-C5 or L5-S1`;
  const upperName = `${match[1]!.toUpperCase()}${Number(match[2])}`;
  const lowerName = `${(match[3] ?? match[1]!).toUpperCase()}${Number(match[4])}`;
  const upper = INDEX.get(upperName);
  const lower = INDEX.get(lowerName);
  if (upper === undefined || lower === undefined) {
    return `"${text}" names a vertebra that does not exist`;
  }
  if (lower !== upper + 1) {
    return `"${text}" is not two adjacent vertebrae (a facet level is one joint, e.g. C4-C5)`;
  }
  if (upper < FIRST_FACET) return `"${text}" is above C2-C3, where the facet codes start`;
  return { name: `${upperName}-${lowerName}`, upper };
}

/** The coding region (which code family row) of a level: T12-L1 and above are cervical/thoracic. */
export function codingRegionOf(level: SpinalLevel): CodingRegion {
  return level.upper <= T12 ? "cervical-thoracic" : "lumbar-sacral";
}

/** The anatomical region of a level (C7-T1 counts as cervical, T12-L1 as thoracic). */
export function spinalRegionOf(level: SpinalLevel): SpinalRegion {
  if (level.upper <= C7) return "cervical";
  if (level.upper <= T12) return "thoracic";
  return "lumbar";
}

/** Sorts levels head to tail. */
export function compareLevels(a: SpinalLevel, b: SpinalLevel): number {
  return a.upper - b.upper;
}

/** True when the levels form one unbroken run (C4-C5, C5-C6, C6-C7). */
export function areContiguous(levels: readonly SpinalLevel[]): boolean {
  const sorted = [...levels].sort(compareLevels);
  return sorted.every(
    (level, index) => index === 0 || level.upper === sorted[index - 1]!.upper + 1,
  );
}

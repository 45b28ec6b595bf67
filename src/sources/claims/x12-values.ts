/**
 * The values an 837 element holds, read without per-claim garbage: service dates (memoised),
 * composites, procedure modifiers and diagnosis pointers (`X12ClaimParser`, docs/benchmarks.md).
 */

/**
 * CCYYMMDD → YYYY-MM-DD, or undefined when it is not a calendar date; memoised (a batch has a few
 * hundred distinct dates: parsing each DTP again, and building its ISO text, was garbage per line).
 */
const ISO_DATES = new Map<string, string | null>();

export function isoDate(ccyymmdd: string): string | undefined {
  let iso = ISO_DATES.get(ccyymmdd);
  if (iso === undefined) {
    iso = checkDate(ccyymmdd);
    if (ISO_DATES.size < 100_000) ISO_DATES.set(ccyymmdd, iso);
  }
  return iso ?? undefined;
}

function checkDate(ccyymmdd: string): string | null {
  if (!/^\d{8}$/.test(ccyymmdd)) return null;
  const iso = `${ccyymmdd.slice(0, 4)}-${ccyymmdd.slice(4, 6)}-${ccyymmdd.slice(6, 8)}`;
  const time = Date.parse(`${iso}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * `value.split(separator)` without the runtime call `split` makes for every composite, into an
 * array of its final size (an array grown by `push` starts with room for 16).
 */
export function splitOn(value: string, separator: string): string[] {
  let count = 1;
  for (let at = value.indexOf(separator); at >= 0; at = value.indexOf(separator, at + 1)) count++;
  if (count === 1) return [value];
  const parts = new Array<string>(count);
  let start = 0;
  for (let n = 0; n < count - 1; n++) {
    const at = value.indexOf(separator, start);
    parts[n] = value.slice(start, at);
    start = at + separator.length;
  }
  parts[count - 1] = value.slice(start);
  return parts;
}

/** SV101-3 … SV101-6, the non-empty ones, upper-case (the elements themselves when they are). */
export function modifiersOf(procedure: readonly string[]): string[] {
  const end = Math.min(procedure.length, 6);
  if (end <= 2) return [];
  let clean = true;
  for (let n = 2; n < end; n++) {
    const modifier = procedure[n]!;
    if (!UPPER_CASE_CODE.test(modifier)) clean = false;
  }
  if (clean) return procedure.slice(2, end);
  const modifiers: string[] = [];
  for (let n = 2; n < end; n++) {
    const modifier = procedure[n]!;
    if (modifier !== "") modifiers.push(modifier.toUpperCase());
  }
  return modifiers;
}

const UPPER_CASE_CODE = /^[0-9A-Z]+$/;

export function validPointer(pointer: number): boolean {
  return Number.isInteger(pointer) && pointer >= 1 && pointer <= 12;
}

/** Where a file's release month came from, in the order they are tried. */
export type MonthSource = "last_updated_on" | "index" | "file-name" | "unknown";

/** A file's release month (YYYY-MM) and which field gave it. */
export interface ReleaseMonth {
  readonly month: string | null;
  readonly source: MonthSource;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** True for a well-formed YYYY-MM. */
export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/**
 * The month of a `last_updated_on` as payers write it: ISO (`2026-05-01`, `2026-05`) or US
 * (`05/01/2026`); null when it is neither (the field is free text in practice).
 */
export function monthOfDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  const iso = /^(\d{4})-(\d{1,2})(?:-\d{1,2})?(?:[T ].*)?$/.exec(text);
  const us = /^(\d{1,2})\/\d{1,2}\/(\d{4})$/.exec(text);
  const [year, month] =
    iso !== null ? [iso[1], iso[2]] : us !== null ? [us[2], us[1]] : [undefined, undefined];
  if (year === undefined || month === undefined) return null;
  const candidate = `${year}-${month.padStart(2, "0")}`;
  return isMonth(candidate) ? candidate : null;
}

/**
 * A YYYY-MM in a file name (`2026-05_acme_ppo.json.gz`, `2026_05`, `20260501_...`): the last
 * path segment only, so a dated folder of an unrelated date does not count.
 */
export function monthInName(location: string): string | null {
  const name = location.split(/[\\/]/).pop() ?? location;
  const match = /(?:^|\D)(20\d{2})[-_]?(0[1-9]|1[0-2])(?:[-_]?(?:0[1-9]|[12]\d|3[01]))?(?!\d)/.exec(
    name,
  );
  return match === null ? null : `${match[1]}-${match[2]}`;
}

/** The release month: the file's `last_updated_on`, else its index's, else its name; else unknown. */
export function releaseMonth(
  lastUpdatedOn: string | null,
  indexLastUpdatedOn: string | null,
  location: string,
): ReleaseMonth {
  const own = monthOfDate(lastUpdatedOn);
  if (own !== null) return { month: own, source: "last_updated_on" };
  const index = monthOfDate(indexLastUpdatedOn);
  if (index !== null) return { month: index, source: "index" };
  const named = monthInName(location);
  if (named !== null) return { month: named, source: "file-name" };
  return { month: null, source: "unknown" };
}

/**
 * A plan or network key stable from month to month when the file names none: the file name
 * without its dates, extensions and punctuation (`2026-05_Acme-PPO_in-network.json.gz` →
 * `acme ppo in network`).
 */
export function planFromName(location: string): string {
  const name = location.split(/[\\/]/).pop() ?? location;
  return name
    .replace(/\?.*$/, "")
    .replace(/(\.(json|gz|zip))+$/i, "")
    .replace(
      /(?:^|(?<=\D))20\d{2}[-_]?(0[1-9]|1[0-2])(?:[-_]?(?:0[1-9]|[12]\d|3[01]))?(?!\d)/g,
      " ",
    )
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .toLowerCase();
}

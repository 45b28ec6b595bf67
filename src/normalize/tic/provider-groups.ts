import { CsvBytes, csvList, csvText } from "./csv-fields.js";
import { asArray, asObject, NormalizeError, optionalText } from "./normalize-error.js";

/** One provider object `{npi[], tin{type,value}}` reduced to what the store keeps. */
export interface ProviderEntry {
  readonly npis: readonly number[]; // empty when the group lists none
  readonly tinType: string | undefined;
  readonly tinValue: string | undefined;
}

/**
 * Columns of the provider-group staging CSV: one line per provider of a group (`group_key` unique
 * in the file), its NPIs as a JSON list (`[null]` when it lists none), unnested into one row per NPI
 * by the load.
 */
export const GROUP_CSV_COLUMNS = {
  group_key: "INTEGER",
  provider_group_id: "VARCHAR",
  npis: "VARCHAR",
  tin_type: "VARCHAR",
  tin_value: "VARCHAR",
  network_names: "VARCHAR",
} as const;

/**
 * Reads a `provider_groups` array. Real-world quirks handled: NPIs written as strings, `npi: [0]`
 * (TIN-level contract, kept as 0), a lone NPI instead of a list, an `NPI` key, EINs with or without
 * the hyphen (stored as 9 digits; leading zeros lost by a payer are restored).
 */
export function readProviderGroups(value: unknown, path: string): ProviderEntry[] {
  const list = asArray(value, path);
  const entries = new Array<ProviderEntry>(list.length);
  for (let index = 0; index < list.length; index++) {
    entries[index] = readProvider(list[index], path, index);
  }
  return entries;
}

/**
 * Provider `index` of the list at `listPath`. Its JSON paths are spelled out only for an error:
 * this runs for every provider of every group of a file (a path string per NPI cost GC time).
 */
function readProvider(value: unknown, listPath: string, index: number): ProviderEntry {
  const provider =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : asObject(value, `${listPath}[${index}]`);
  const rawNpi = provider.npi ?? provider.NPI;
  const npis: number[] = [];
  if (rawNpi !== undefined && rawNpi !== null) {
    const list = Array.isArray(rawNpi) ? (rawNpi as unknown[]) : [rawNpi];
    for (let n = 0; n < list.length; n++) {
      const npi = list[n];
      npis.push(
        typeof npi === "number" && Number.isInteger(npi) && npi >= 0
          ? npi
          : readNpi(npi, `${listPath}[${index}].npi[${n}]`),
      );
    }
  }
  const tin = provider.tin;
  if (tin === undefined || tin === null) return { npis, tinType: undefined, tinValue: undefined };
  const fields = tin as { type?: unknown; value?: unknown };
  if (
    typeof tin === "object" &&
    !Array.isArray(tin) &&
    typeof fields.type === "string" &&
    typeof fields.value === "string"
  ) {
    return { npis, ...tinFields(fields.type, fields.value) };
  }
  return { npis, ...readTin(tin, `${listPath}[${index}].tin`) };
}

/** A `tin: {type, value}` object (absent or null: both undefined); type lower-cased, value normalised. */
export function readTin(
  value: unknown,
  path: string,
): { tinType: string | undefined; tinValue: string | undefined } {
  if (value === undefined || value === null) return { tinType: undefined, tinValue: undefined };
  const tin = asObject(value, path);
  return tinFields(optionalText(tin, "type", path), optionalText(tin, "value", path));
}

/**
 * A TIN's type lower-cased and its value normalised, from the fields as written. The simdjson
 * reader of root references applies the same rule (`tinOf` in `native/reference-groups.h`):
 * change both, `reference-batch.test.ts` compares them.
 */
function tinFields(
  type: string | undefined,
  value: string | undefined,
): { tinType: string | undefined; tinValue: string | undefined } {
  const tinType = type?.trim().toLowerCase();
  return { tinType, tinValue: normaliseTin(tinType, value) };
}

/** An NPI as a number: strings of digits accepted (a common quirk); 0 kept (TIN-level contracts). */
export function readNpi(value: unknown, path: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\s*\d{1,15}\s*$/.test(value)) return Number(value);
  throw new NormalizeError(path, `an NPI must be a whole number, found ${JSON.stringify(value)}`);
}

/** EINs: digits only, padded to 9 when a payer dropped leading zeros; other TINs trimmed. */
function normaliseTin(type: string | undefined, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (type === "ein" && /^[\d-\s]+$/.test(trimmed)) {
    const digits = trimmed.replace(/[^\d]/g, "");
    return digits.length < 9 ? digits.padStart(9, "0") : digits;
  }
  return trimmed;
}

/** True when any provider of the group lists one of `npis`. */
export function groupHasNpi(entries: readonly ProviderEntry[], npis: ReadonlySet<number>): boolean {
  return entries.some((entry) => entry.npis.some((npi) => npis.has(npi)));
}

/**
 * Appends one CSV line per provider (`GROUP_CSV_COLUMNS`); returns the rows they become, one per
 * NPI (one with a NULL npi when a provider lists none).
 */
export function writeGroupRows(
  out: CsvBytes,
  entries: readonly ProviderEntry[],
  key: GroupLineKey,
  networkNames: readonly string[] | undefined,
): number {
  const prefix = groupLinePrefix(key);
  const networks = csvList(networkNames);
  let rows = 0;
  for (const entry of entries) {
    out.pushList(prefix, entry.npis, tailSuffix(entry, networks));
    rows += Math.max(1, entry.npis.length);
  }
  return rows;
}

/** What starts a group's lines: its key in the file and its id as written. */
export interface GroupLineKey {
  readonly groupKey: number;
  readonly providerGroupId?: string;
}

/** The start of each of a group's lines (`GROUP_CSV_COLUMNS`' first two fields). */
export function groupLinePrefix(key: GroupLineKey): string {
  return `${key.groupKey},${csvText(key.providerGroupId)},`;
}

/**
 * Each provider's line after `groupLinePrefix`, as UTF-8: for groups written again under other
 * keys (a remote reference file named by many files), `CsvBytes.pushLine(prefix, tail)` writes the
 * same lines as `writeGroupRows`.
 */
export function groupLineTails(
  entries: readonly ProviderEntry[],
  networkNames: readonly string[] | undefined,
): Uint8Array[] {
  const networks = csvList(networkNames);
  return entries.map((entry) => {
    const line = new CsvBytes(64);
    line.pushList("", entry.npis, tailSuffix(entry, networks));
    return line.bytes().slice();
  });
}

function tailSuffix(entry: ProviderEntry, networks: string): string {
  return `,${csvText(entry.tinType)},${csvText(entry.tinValue)},${networks}\n`;
}

/** Strings of small integer ids, made once: ids repeat millions of times in a big file. */
const SMALL_IDS: (string | undefined)[] = new Array<string | undefined>(1 << 18);

/**
 * The canonical form of a provider-group id, used to match a rate's reference with the root
 * `provider_references` entry: `690.64470` written as a number and `"690.64470"` as a string match,
 * as JSON.parse turns both into 690.6447. The id as written is kept separately for display.
 */
export function canonicalGroupId(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    if (Number.isInteger(value) && value >= 0 && value < SMALL_IDS.length) {
      return (SMALL_IDS[value] ??= String(value));
    }
    return String(value);
  }
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(trimmed)) return String(Number(trimmed));
    return trimmed;
  }
  return undefined;
}

/** The value of an id written as a plain whole number below 2^31 (no sign, no leading zero), else undefined. */
export function wholeNumber(id: string): number | undefined {
  if (id.length === 0 || id.length > 10 || (id.length > 1 && id.charCodeAt(0) === 48)) {
    return undefined;
  }
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const value = Number(id);
  return value <= 0x7fffffff ? value : undefined;
}

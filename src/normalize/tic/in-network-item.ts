import { CsvBytes, csvSplitList, csvText } from "./csv-fields.js";
import { asArray, asObject, NormalizeError, optionalText, optionalTextList, requiredNumber, requiredText } from "./normalize-error.js";
import { canonicalGroupId, groupHasNpi, readProviderGroups, writeGroupRows, type ProviderEntry } from "./provider-groups.js";

/**
 * Columns of the rates staging CSV, in order: one line per negotiated price. `inline_key` points at
 * a group written inline on the rate (1.x), `ref_ids` lists the root `provider_references` ids
 * (canonical, space-separated); the loader unnests them into one `rates` row per price × group.
 * `service_codes` and `billing_code_modifiers` are `csvSplitList` fields (`|`-joined, or JSON).
 */
export const RATE_CSV_COLUMNS = {
  batch_seq: "INTEGER",
  item_index: "INTEGER",
  rate_index: "INTEGER",
  price_index: "INTEGER",
  billing_code_type: "VARCHAR",
  billing_code_type_version: "VARCHAR",
  billing_code: "VARCHAR",
  negotiation_arrangement: "VARCHAR",
  inline_key: "INTEGER",
  ref_ids: "VARCHAR",
  negotiated_type: "VARCHAR",
  rate_unit: "VARCHAR",
  negotiated_rate: "DOUBLE",
  billing_class: "VARCHAR",
  setting: "VARCHAR",
  service_codes: "VARCHAR",
  billing_code_modifiers: "VARCHAR",
  expiration_date: "VARCHAR",
  additional_information: "VARCHAR",
} as const;

const ARRANGEMENTS: ReadonlySet<string> = new Set(["ffs", "bundle", "capitation"]);

/** negotiated_type → rate_unit: only 'dollars' may enter dollar statistics. */
const RATE_UNITS: Readonly<Record<string, string>> = {
  negotiated: "dollars",
  derived: "dollars",
  "fee schedule": "dollars",
  percentage: "percent",
  "per diem": "per_diem",
};

/** Per-batch state shared by the items of one batch (inline groups are deduplicated per batch). */
export interface BatchContext {
  readonly batchSeq: number;
  readonly npis: ReadonlySet<number> | undefined;
  /** Rate (or allowed-amount) CSV lines. */
  readonly rates: CsvBytes;
  /** Inline provider-group CSV lines. */
  readonly groups: CsvBytes;
  readonly refIds: Set<string>;
  /** Inline group JSON → local key (and whether it passes the NPI filter). */
  readonly inline: Map<string, { key: number; wanted: boolean }>;
  rateRows: number;
  /** How many groups the last `rateTargets` named (a field, not a returned object: this runs per rate). */
  targetCount: number;
}

/** `negotiated_type` as written → its CSV fields `type,unit` (a handful of spellings per file). */
const typeFields = new Map<string, string>();

function typeFieldsOf(typeWritten: string): string {
  let fields = typeFields.get(typeWritten);
  if (fields === undefined) {
    const unit = RATE_UNITS[typeWritten] ?? RATE_UNITS[typeWritten.trim().toLowerCase()];
    if (unit === undefined) {
      throw new NormalizeError(".negotiated_type", `unknown negotiated_type ${JSON.stringify(typeWritten)} (expected negotiated, derived, fee schedule, percentage or per diem)`);
    }
    fields = `${csvText(lower(typeWritten))},${unit}`;
    if (typeFields.size < 1000) typeFields.set(typeWritten, fields);
  }
  return fields;
}

/** A fresh batch context. */
export function newBatchContext(batchSeq: number, npis: ReadonlySet<number> | undefined): BatchContext {
  return { batchSeq, npis, rates: new CsvBytes(), groups: new CsvBytes(1 << 16), refIds: new Set(), inline: new Map(), rateRows: 0, targetCount: 0 };
}

/**
 * Normalises one parsed `in_network` item into rate CSV lines (one per negotiated price, listing the
 * provider groups it applies to) and inline provider-group lines. Throws `NormalizeError` with the
 * JSON path. Paths are built only on error: this is the hot loop of an unfiltered ingest.
 */
export function normalizeInNetworkItem(value: unknown, itemIndex: number, context: BatchContext): void {
  let r = -1;
  let p = -1;
  try {
    const item = asObject(value, "");
    const arrangement = requiredText(item, "negotiation_arrangement", "").trim().toLowerCase();
    if (!ARRANGEMENTS.has(arrangement)) {
      throw new NormalizeError(".negotiation_arrangement", `unknown negotiation_arrangement ${JSON.stringify(arrangement)} (expected ffs, bundle or capitation)`);
    }
    const codeType = requiredText(item, "billing_code_type", "");
    const codeTypeVersion = optionalText(item, "billing_code_type_version", "");
    const code = requiredText(item, "billing_code", "");
    const itemPrefix = `${context.batchSeq},${itemIndex},`;
    const itemMiddle = `,${csvText(codeType)},${csvText(codeTypeVersion)},${csvText(code)},${arrangement},`;
    const rates = asArray(item.negotiated_rates ?? missing(".negotiated_rates"), ".negotiated_rates");
    const out = context.rates;
    for (r = 0; r < rates.length; r++) {
      p = -1;
      const rate = asObject(rates[r], "");
      const target = rateTargets(rate, context);
      if (target === undefined) continue; // every group filtered out by --npis
      const count = context.targetCount;
      // Everything of the line before price_index and between price_index and the price's own fields.
      const ratePrefix = `${itemPrefix}${r},`;
      const rateMiddle = `${itemMiddle}${target},`;
      const prices = asArray(rate.negotiated_prices ?? missing(".negotiated_prices"), ".negotiated_prices");
      for (p = 0; p < prices.length; p++) {
        const price = asObject(prices[p], "");
        const typeUnit = typeFieldsOf(requiredText(price, "negotiated_type", ""));
        const amount = requiredNumber(price, "negotiated_rate", "");
        const billingClass = lower(optionalText(price, "billing_class", ""));
        const setting = lower(optionalText(price, "setting", ""));
        const serviceCodes = csvSplitList(optionalTextList(price, "service_code", ""));
        const modifiers = csvSplitList(optionalTextList(price, "billing_code_modifier", ""));
        const expiration = optionalText(price, "expiration_date", "");
        const info = optionalText(price, "additional_information", "");
        out.push(
          `${ratePrefix}${p}${rateMiddle}${typeUnit},${amount},${csvText(billingClass)},${csvText(setting)},${serviceCodes},${modifiers},${csvText(expiration)},${csvText(info)}\n`,
        );
        context.rateRows += count;
      }
    }
  } catch (error) {
    if (!(error instanceof NormalizeError)) throw error;
    const where = `$.in_network[${itemIndex}]${r >= 0 ? `.negotiated_rates[${r}]` : ""}${p >= 0 ? `.negotiated_prices[${p}]` : ""}`;
    throw new NormalizeError(`${where}${error.jsonPath}`, error.problem);
  }
}

function lower(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Most files are already lower case: avoid a new string then.
  return /[A-Z\s]/.test(value) ? value.trim().toLowerCase() : value;
}

/** The `inline_key,ref_ids` fields of a negotiated rate; how many groups they name goes to `context.targetCount`. */
function rateTargets(rate: Record<string, unknown>, context: BatchContext): string | undefined {
  const references = rate.provider_references;
  const inline = rate.provider_groups;
  if ((references === undefined || references === null) && (inline === undefined || inline === null)) {
    throw new NormalizeError("", "a negotiated rate needs provider_references or provider_groups");
  }
  let ids = "";
  let count = 0;
  if (references !== undefined && references !== null) {
    const list = Array.isArray(references) ? (references as unknown[]) : [references];
    for (let index = 0; index < list.length; index++) {
      const id = canonicalGroupId(list[index]);
      if (id === undefined || id === "" || id.includes(" ")) {
        throw new NormalizeError(`.provider_references[${index}]`, `a provider reference must be a number or a one-word string, found ${JSON.stringify(list[index])}`);
      }
      context.refIds.add(id);
      ids = count === 0 ? id : `${ids} ${id}`;
      count++;
    }
  }
  let inlineKey = "";
  if (inline !== undefined && inline !== null) {
    const json = JSON.stringify(inline);
    let entry = context.inline.get(json);
    if (entry === undefined) {
      const providers: ProviderEntry[] = readProviderGroups(inline, ".provider_groups");
      const wanted = context.npis === undefined || groupHasNpi(providers, context.npis);
      entry = { key: context.inline.size, wanted };
      context.inline.set(json, entry);
      if (wanted) writeGroupRows(context.groups, providers, { batchSeq: context.batchSeq, inlineKey: entry.key }, undefined);
    }
    if (entry.wanted) {
      inlineKey = String(entry.key);
      count++;
    }
  }
  if (count === 0) return undefined;
  context.targetCount = count;
  return `${inlineKey},${csvText(ids === "" ? undefined : ids)}`;
}

function missing(path: string): never {
  throw new NormalizeError(path, `missing required field "${path.slice(1)}"`);
}

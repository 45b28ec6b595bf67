import { CsvBytes, csvText } from "./csv-fields.js";
import {
  asArray,
  asObject,
  NormalizeError,
  optionalText,
  optionalTextList,
  requiredNumber,
  requiredText,
} from "./normalize-error.js";
import { INLINE_KEY_BASE, type InlineGroups } from "./inline-groups.js";
import type { GroupSpan, InlineGroupSpans } from "./inline-group-spans.js";
import { canonicalGroupId, wholeNumber } from "./provider-groups.js";
import { BatchRefNumbers } from "./batch-ref-numbers.js";
import { Int32Column, RateColumnsBuilder } from "./rate-columns.js";
import type { RateTerms } from "./rate-terms.js";

/** Columns of the `rate_items` staging CSV: one line per kept `in_network` item. */
export const RATE_ITEM_CSV_COLUMNS = {
  item_index: "INTEGER",
  billing_code_type: "VARCHAR",
  billing_code_type_version: "VARCHAR",
  billing_code: "VARCHAR",
  negotiation_arrangement: "VARCHAR",
} as const;

const ARRANGEMENTS: ReadonlySet<string> = new Set(["ffs", "bundle", "capitation"]);

/** What one thread keeps for the whole file: the term and inline-group dictionaries. */
export interface FileDictionaries {
  readonly terms: RateTerms;
  readonly inline: InlineGroups;
  /** What the thread read of the file's items from their bytes (marker strings in the parsed items). */
  readonly spans: InlineGroupSpans;
}

/** Per-batch state shared by the items of one batch (reference ids are numbered per batch). */
export interface BatchContext {
  readonly npis: ReadonlySet<number> | undefined;
  readonly terms: RateTerms;
  readonly inlineGroups: InlineGroups;
  readonly spans: InlineGroupSpans;
  /** `rate_items` lines (in-network) or allowed-amount lines (out-of-network). */
  readonly rows: CsvBytes;
  /** Inline provider-group CSV lines. */
  readonly groups: CsvBytes;
  readonly columns: RateColumnsBuilder;
  /** Whole-number root reference id → its batch-local number (the `target` of provider rows). */
  readonly numericRefs: BatchRefNumbers;
  /** Other root reference ids (canonical) → batch-local number. */
  readonly stringRefs: Map<string, number>;
  /** Per batch-local number: the whole-number id, or -1 when the id is a string (then in `refStrings`, in order). */
  readonly refNumbers: Int32Column;
  readonly refStrings: string[];
  /** `rates` rows (price × group) the batch makes, before any NPI filtering of root references. */
  rateRows: number;
}

/** A fresh batch context. */
export function newBatchContext(
  npis: ReadonlySet<number> | undefined,
  dictionaries: FileDictionaries,
): BatchContext {
  return {
    npis,
    terms: dictionaries.terms,
    inlineGroups: dictionaries.inline,
    spans: dictionaries.spans,
    rows: new CsvBytes(1 << 16),
    groups: new CsvBytes(1 << 16),
    columns: new RateColumnsBuilder(),
    numericRefs: new BatchRefNumbers(),
    stringRefs: new Map(),
    refNumbers: new Int32Column(1024),
    refStrings: [],
    rateRows: 0,
  };
}

/**
 * Normalises one parsed `in_network` item: its `rate_items` line, one price row per negotiated
 * price (amount and term id), one provider row per group a negotiated rate names, and lines for new
 * terms and inline groups. Throws `NormalizeError` with the JSON path. Paths are built only on
 * error: this is the hot loop of an unfiltered ingest.
 */
export function normalizeInNetworkItem(
  value: unknown,
  itemIndex: number,
  context: BatchContext,
  rateOffset = 0,
  partial = false,
): void {
  try {
    const item = asObject(value, "");
    // A piece of a large item other than its last (`ItemSplitter`) holds some of its rates; the
    // item's own fields are checked and written once, with the last piece, which has them all.
    if (!partial) context.rows.push(itemLine(item, itemIndex));
    const rates = asArray(
      item.negotiated_rates ?? missing(".negotiated_rates"),
      ".negotiated_rates",
    );
    normalizeRates(rates, itemIndex, rateOffset, context);
  } catch (error) {
    if (!(error instanceof NormalizeError)) throw error;
    throw new NormalizeError(`$.in_network[${itemIndex}]${error.jsonPath}`, error.problem);
  }
}

/**
 * The `rate_items` line of an item, from its fields (the rest of the object is not read). Throws
 * `NormalizeError` with the field's path within the item.
 */
export function itemLine(item: Record<string, unknown>, itemIndex: number): string {
  const arrangement = requiredText(item, "negotiation_arrangement", "").trim().toLowerCase();
  if (!ARRANGEMENTS.has(arrangement)) {
    throw new NormalizeError(
      ".negotiation_arrangement",
      `unknown negotiation_arrangement ${JSON.stringify(arrangement)} (expected ffs, bundle or capitation)`,
    );
  }
  const codeType = requiredText(item, "billing_code_type", "");
  const codeTypeVersion = optionalText(item, "billing_code_type_version", "");
  const code = requiredText(item, "billing_code", "");
  return `${itemIndex},${csvText(codeType)},${csvText(codeTypeVersion)},${csvText(code)},${arrangement}\n`;
}

/** The price and provider rows of `rates`, an item's negotiated rates from the `rateOffset`-th on. */
function normalizeRates(
  rates: unknown[],
  itemIndex: number,
  rateOffset: number,
  context: BatchContext,
): void {
  const { columns, terms } = context;
  let r = -1;
  let p = -1;
  try {
    for (let k = 0; k < rates.length; k++) {
      r = rateOffset + k;
      p = -1;
      const rate = asObject(rates[k], "");
      const prices = asArray(
        rate.negotiated_prices ?? missing(".negotiated_prices"),
        ".negotiated_prices",
      );
      const targets = addTargets(rate, itemIndex, r, prices.length, context);
      if (targets === 0) continue; // every group filtered out by --npis
      for (p = 0; p < prices.length; p++) {
        const price = asObject(prices[p], "");
        const termId = terms.idOf({
          negotiatedType: requiredText(price, "negotiated_type", ""),
          billingClass: optionalText(price, "billing_class", ""),
          setting: optionalText(price, "setting", ""),
          serviceCodes: optionalTextList(price, "service_code", ""),
          modifiers: optionalTextList(price, "billing_code_modifier", ""),
          expiration: optionalText(price, "expiration_date", ""),
          info: optionalText(price, "additional_information", ""),
        });
        columns.priceItem.push(itemIndex);
        columns.priceRate.push(r);
        columns.priceIndex.push(p);
        columns.priceTerm.push(termId);
        columns.priceAmount.push(requiredNumber(price, "negotiated_rate", ""));
      }
      context.rateRows += targets * prices.length;
    }
  } catch (error) {
    if (!(error instanceof NormalizeError) || r < 0) throw error;
    const where = `.negotiated_rates[${r}]${p >= 0 ? `.negotiated_prices[${p}]` : ""}`;
    throw new NormalizeError(`${where}${error.jsonPath}`, error.problem);
  }
}

/** The key of a rate's inline group, read from the bytes (a marker) or parsed where it is. */
function inlineGroupKey(inline: unknown, context: BatchContext): number | undefined {
  const span = context.spans.groupOf(inline);
  if (span === undefined) {
    context.spans.inlineGroupParsed();
    return context.inlineGroups.keyOf(inline, context.npis, context.groups);
  }
  return spanKey(span, context);
}

/** The key of an inline group read from the bytes (made on first sight); undefined when the NPI filter drops it. */
export function spanKey(span: GroupSpan, context: BatchContext): number | undefined {
  if (!span.keyed) {
    span.key = context.inlineGroups.keyOf(span.value, context.npis, context.groups);
    span.keyed = true;
    span.value = undefined;
  }
  return span.key;
}

/**
 * Writes the provider rows of one negotiated rate (its root references, then its inline group) and
 * returns how many groups it names after the NPI filter of inline groups.
 */
function addTargets(
  rate: Record<string, unknown>,
  itemIndex: number,
  rateIndex: number,
  priceCount: number,
  context: BatchContext,
): number {
  const references = rate.provider_references;
  const inline = rate.provider_groups;
  if (
    (references === undefined || references === null) &&
    (inline === undefined || inline === null)
  ) {
    throw new NormalizeError("", "a negotiated rate needs provider_references or provider_groups");
  }
  const { columns } = context;
  let count = 0;
  if (inline !== undefined && inline !== null) {
    const key = inlineGroupKey(inline, context);
    if (key !== undefined) {
      addRows(columns, itemIndex, rateIndex, priceCount, 1).target[columns.providerTarget.length] =
        -1 - (key - INLINE_KEY_BASE);
      advance(columns, 1);
      count++;
    }
  }
  if (references !== undefined && references !== null) {
    const list = Array.isArray(references) ? (references as unknown[]) : [references];
    // One capacity check per rate, then the targets written in place: this loop runs once per
    // provider reference of every rate (~23 M times per GB with realistic fan-out).
    const { target } = addRows(columns, itemIndex, rateIndex, priceCount, list.length);
    const at = columns.providerTarget.length;
    for (let index = 0; index < list.length; index++) {
      const value = list[index];
      // The common case first: a whole number, numbered without making a string.
      if (
        typeof value === "number" &&
        Number.isInteger(value) &&
        value >= 0 &&
        value <= 0x7fffffff
      ) {
        target[at + index] = numericLocal(value, context);
        continue;
      }
      const id = canonicalGroupId(value);
      if (id === undefined || id === "") {
        throw new NormalizeError(
          `.provider_references[${index}]`,
          `a provider reference must be a number or a string, found ${JSON.stringify(value)}`,
        );
      }
      target[at + index] = canonicalLocal(id, context);
    }
    advance(columns, list.length);
    count += list.length;
  }
  return count;
}

/**
 * Reserves `rows` provider rows of one rate and fills their item, rate and price-count columns;
 * returns the target column's storage, to be written at `providerTarget.length …` before `advance`.
 */
function addRows(
  columns: RateColumnsBuilder,
  itemIndex: number,
  rateIndex: number,
  priceCount: number,
  rows: number,
): { target: Int32Array } {
  const at = columns.providerTarget.length;
  columns.providerItem.reserve(rows).fill(itemIndex, at, at + rows);
  columns.providerRate.reserve(rows).fill(rateIndex, at, at + rows);
  columns.providerPrices.reserve(rows).fill(priceCount, at, at + rows);
  return { target: columns.providerTarget.reserve(rows) };
}

/** Counts `rows` provider rows written after `addRows` as pushed, in all four columns. */
function advance(columns: RateColumnsBuilder, rows: number): void {
  columns.providerItem.length += rows;
  columns.providerRate.length += rows;
  columns.providerPrices.length += rows;
  columns.providerTarget.length += rows;
}

/** The batch-local number of a root reference id made canonical (`canonicalGroupId`). */
export function canonicalLocal(id: string, context: BatchContext): number {
  const number = wholeNumber(id);
  if (number !== undefined) return numericLocal(number, context);
  let local = context.stringRefs.get(id);
  if (local === undefined) {
    local = context.refNumbers.length;
    context.stringRefs.set(id, local);
    context.refNumbers.push(-1);
    context.refStrings.push(id);
  }
  return local;
}

/** The batch-local number of a whole-number root reference id (`ProviderColumns.target`). */
export function numericLocal(id: number, context: BatchContext): number {
  let local = context.numericRefs.get(id);
  if (local < 0) {
    local = context.refNumbers.length;
    context.numericRefs.set(id, local);
    context.refNumbers.push(id);
  }
  return local;
}

function missing(path: string): never {
  throw new NormalizeError(path, `missing required field "${path.slice(1)}"`);
}

import {
  canonicalLocal,
  itemLine,
  numericLocal,
  spanKey,
  type BatchContext,
} from "./in-network-item.js";
import { OTHER_REFERENCE_BASE } from "./native-rates.js";
import { canonicalGroupId } from "./provider-groups.js";
import { INLINE_KEY_BASE } from "./inline-groups.js";
import type { NativeRun } from "./native-rates.js";

/**
 * Adds the items `from … run.stop - 1` that the simdjson reader read to the batch's rows, as
 * `normalizeInNetworkItem` would have: their `rate_items` lines (checked by the same code), their
 * terms numbered in the file's dictionary in order of first appearance, their inline groups keyed
 * (by their markers), their price and provider rows. Returns false, having added nothing, when an item's fields or a term are refused: the
 * caller then normalises those items in TypeScript, which reports the error at its place.
 */
export function applyNativeRun(
  run: NativeRun,
  batch: {
    readonly itemIndexes: Int32Array;
    /** 1 for a piece of a large item other than its last (`ItemBatch.partial`). */
    readonly partial?: Uint8Array;
  },
  from: number,
  context: BatchContext,
): boolean {
  const lines: string[] = [];
  let termIds: Int32Array;
  const markerTargets = new Int32Array(run.markers.length);
  const otherIds: string[] = [];
  for (const value of run.otherReferences) {
    const id = canonicalGroupId(value);
    if (id === undefined || id === "") return false; // refused: the TypeScript path says why
    otherIds.push(id);
  }
  try {
    for (const [k, marker] of run.markers.entries()) {
      const span = context.spans.groupOf(marker);
      // Not a marker (a string where groups belong), or a group the NPI filter drops (its rate may
      // be left without groups): the TypeScript path's.
      const key = span === undefined ? undefined : spanKey(span, context);
      if (key === undefined) return false;
      markerTargets[k] = -1 - (key - INLINE_KEY_BASE);
    }
    for (let k = from; k < run.stop; k++) {
      if (batch.partial?.[k] === 1) continue; // a piece other than its item's last
      const at = 4 * (k - from);
      const item = {
        billing_code_type: run.fields[at],
        billing_code_type_version: run.fields[at + 1],
        billing_code: run.fields[at + 2],
        negotiation_arrangement: run.fields[at + 3],
      };
      lines.push(itemLine(item, batch.itemIndexes[k]!));
    }
    termIds = Int32Array.from(run.terms, (term) =>
      context.terms.idOf({
        negotiatedType: term[0],
        billingClass: term[1],
        setting: term[2],
        serviceCodes: term[3],
        modifiers: term[4],
        expiration: term[5],
        info: term[6],
      }),
    );
  } catch {
    return false;
  }
  for (const line of lines) context.rows.push(line);

  const { prices, providers } = run;
  const amounts = new Float64Array(run.columns, 0, prices);
  const ints = new Int32Array(run.columns, prices * 8);
  const { columns } = context;
  columns.priceAmount.pushAll(amounts);
  columns.priceItem.pushAll(ints.subarray(0, prices));
  columns.priceRate.pushAll(ints.subarray(prices, 2 * prices));
  columns.priceIndex.pushAll(ints.subarray(2 * prices, 3 * prices));
  const localTerms = ints.subarray(3 * prices, 4 * prices);
  const terms = columns.priceTerm.reserve(prices);
  const termsAt = columns.priceTerm.length;
  for (let p = 0; p < prices; p++) terms[termsAt + p] = termIds[localTerms[p]!]!;
  columns.priceTerm.length += prices;

  const base = 4 * prices;
  columns.providerItem.pushAll(ints.subarray(base, base + providers));
  columns.providerRate.pushAll(ints.subarray(base + providers, base + 2 * providers));
  columns.providerPrices.pushAll(ints.subarray(base + 2 * providers, base + 3 * providers));
  const references = ints.subarray(base + 3 * providers, base + 4 * providers);
  const targets = columns.providerTarget.reserve(providers);
  const targetsAt = columns.providerTarget.length;
  // Other references are numbered where first met, as `addTargets` numbers them.
  const otherLocals = new Int32Array(otherIds.length).fill(-1);
  for (let r = 0; r < providers; r++) {
    const reference = references[r]!;
    if (reference >= 0) {
      targets[targetsAt + r] = numericLocal(reference, context);
    } else if (reference > OTHER_REFERENCE_BASE) {
      targets[targetsAt + r] = markerTargets[-1 - reference]!;
    } else {
      const k = OTHER_REFERENCE_BASE - reference;
      let local = otherLocals[k]!;
      if (local < 0) local = otherLocals[k] = canonicalLocal(otherIds[k]!, context);
      targets[targetsAt + r] = local;
    }
  }
  columns.providerTarget.length += providers;
  context.rateRows += run.rateRows;
  return true;
}

import {
  canonicalLocal,
  itemLine,
  numericLocal,
  spanKey,
  type BatchContext,
} from "./in-network-item.js";
import { INLINE_KEY_BASE } from "./inline-groups.js";
import { OTHER_REFERENCE_BASE, type NativeRun } from "./native-rates.js";
import { NormalizeError } from "./normalize-error.js";
import { canonicalGroupId } from "./provider-groups.js";

/** The items of a run, as `applyNativeRun` needs them. */
interface RunItems {
  readonly itemIndexes: Int32Array;
  /** 1 for a piece of a large item other than its last (`ItemBatch.partial`). */
  readonly partial?: Uint8Array;
}

/** What a run's items become before their rows are added: lines, term ids, group targets. */
interface ResolvedRun {
  readonly lines: string[];
  readonly termIds: Int32Array;
  readonly markerTargets: Int32Array;
  /** The other references made canonical (`canonicalGroupId`). */
  readonly otherIds: string[];
}

/**
 * Adds the items `from … run.stop - 1` that the simdjson reader read to the batch's rows, as
 * `normalizeInNetworkItem` would have: their `rate_items` lines (checked by the same code), their
 * terms numbered in the file's dictionary in order of first appearance, their inline groups keyed
 * by their markers, their price and provider rows. Returns false when something is refused (an
 * item's field, a term, a reference id, a marker that is none, a group the NPI filter drops): no
 * row is added then, and the caller normalises those items in TypeScript, which reports the error
 * at its place (terms and groups met before may already be in the file's dictionaries: TypeScript
 * enters the same ones in the same order).
 */
export function applyNativeRun(
  run: NativeRun,
  items: RunItems,
  from: number,
  context: BatchContext,
): boolean {
  const resolved = resolveRun(run, items, from, context);
  if (resolved === undefined) return false;
  for (const line of resolved.lines) context.rows.push(line);
  appendColumns(run, resolved, context);
  context.rateRows += run.rateRows;
  return true;
}

function resolveRun(
  run: NativeRun,
  items: RunItems,
  from: number,
  context: BatchContext,
): ResolvedRun | undefined {
  const otherIds: string[] = [];
  for (const value of run.otherReferences) {
    const id = canonicalGroupId(value);
    if (id === undefined || id === "") return undefined;
    otherIds.push(id);
  }
  try {
    const markerTargets = new Int32Array(run.markers.length);
    for (const [k, marker] of run.markers.entries()) {
      const span = context.spans.groupOf(marker);
      const key = span === undefined ? undefined : spanKey(span, context);
      // A rate left without groups by the NPI filter has no price rows: TypeScript's to decide.
      if (key === undefined) return undefined;
      markerTargets[k] = -1 - (key - INLINE_KEY_BASE);
    }
    const lines: string[] = [];
    for (let k = from; k < run.stop; k++) {
      if (items.partial?.[k] === 1) continue; // a piece other than its item's last
      const at = 4 * (k - from);
      const item = {
        billing_code_type: run.fields[at],
        billing_code_type_version: run.fields[at + 1],
        billing_code: run.fields[at + 2],
        negotiation_arrangement: run.fields[at + 3],
      };
      lines.push(itemLine(item, items.itemIndexes[k]!));
    }
    const termIds = Int32Array.from(run.terms, (term) =>
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
    return { lines, termIds, markerTargets, otherIds };
  } catch (error) {
    if (error instanceof NormalizeError) return undefined;
    throw error;
  }
}

/** The run's price and provider rows, its local terms and references numbered for the batch. */
function appendColumns(run: NativeRun, resolved: ResolvedRun, context: BatchContext): void {
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
  for (let p = 0; p < prices; p++) terms[termsAt + p] = resolved.termIds[localTerms[p]!]!;
  columns.priceTerm.length += prices;

  const base = 4 * prices;
  columns.providerItem.pushAll(ints.subarray(base, base + providers));
  columns.providerRate.pushAll(ints.subarray(base + providers, base + 2 * providers));
  columns.providerPrices.pushAll(ints.subarray(base + 2 * providers, base + 3 * providers));
  const references = ints.subarray(base + 3 * providers, base + 4 * providers);
  const targets = columns.providerTarget.reserve(providers);
  const targetsAt = columns.providerTarget.length;
  // Other references are numbered where first met, as `addTargets` numbers them.
  const otherLocals = new Int32Array(resolved.otherIds.length).fill(-1);
  for (let r = 0; r < providers; r++) {
    const reference = references[r]!;
    if (reference >= 0) {
      targets[targetsAt + r] = numericLocal(reference, context);
    } else if (reference > OTHER_REFERENCE_BASE) {
      targets[targetsAt + r] = resolved.markerTargets[-1 - reference]!;
    } else {
      const k = OTHER_REFERENCE_BASE - reference;
      let local = otherLocals[k]!;
      if (local < 0) local = otherLocals[k] = canonicalLocal(resolved.otherIds[k]!, context);
      targets[targetsAt + r] = local;
    }
  }
  columns.providerTarget.length += providers;
}

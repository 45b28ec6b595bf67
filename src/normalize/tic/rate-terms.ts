import { CsvBytes, csvList, csvText } from "./csv-fields.js";
import { NormalizeError } from "./normalize-error.js";

/**
 * Columns of the `rate_terms` staging CSV: everything of a negotiated price except its amount.
 * A file repeats a few such combinations (type, billing class, setting, places of service,
 * modifiers, expiration date, note) over millions of prices, so each is stored once and the price
 * rows carry its `term_id`.
 */
export const RATE_TERM_CSV_COLUMNS = {
  term_id: "INTEGER",
  negotiated_type: "VARCHAR",
  rate_unit: "VARCHAR",
  billing_class: "VARCHAR",
  setting: "VARCHAR",
  service_codes: "VARCHAR",
  billing_code_modifiers: "VARCHAR",
  expiration_date: "VARCHAR",
  additional_information: "VARCHAR",
} as const;

/** negotiated_type → rate_unit: only 'dollars' may enter dollar statistics. */
const RATE_UNITS: Readonly<Record<string, string>> = {
  negotiated: "dollars",
  derived: "dollars",
  "fee schedule": "dollars",
  percentage: "percent",
  "per diem": "per_diem",
};

/** Past this many terms the dictionary starts afresh: a file of all-distinct terms must not hold them all. */
const MAX_ENTRIES = 100_000;

/** A node of the term trie: one step per field, and per list element. */
interface TermNode {
  id: number;
  readonly next: Map<string, TermNode>;
}

// Step keys that no field value can be confused with: "absent", and a list's length before its elements.
const ABSENT = "\u0000absent";
const LENGTHS = Array.from({ length: 64 }, (_, n) => `\u0000#${n}`);

/** The price fields a term is made of, as written. */
export interface TermFields {
  readonly negotiatedType: string;
  readonly billingClass: string | undefined;
  readonly setting: string | undefined;
  readonly serviceCodes: readonly string[] | undefined;
  readonly modifiers: readonly string[] | undefined;
  readonly expiration: string | undefined;
  readonly info: string | undefined;
}

/**
 * The term dictionary of one file in one thread. Ids are `offset + stride × n`, so that parse
 * workers (offset = worker index, stride = worker count) never hand out the same id. New terms are
 * written as CSV lines, drained with each batch.
 */
export class RateTerms {
  private root: TermNode = { id: -1, next: new Map() };
  private entries = 0;
  private next = 0;
  private csv = new CsvBytes(1 << 12);

  constructor(
    private readonly offset = 0,
    private readonly stride = 1,
  ) {}

  /**
   * The id of a term, made (and validated) on first sight. Throws `NormalizeError` for an unknown
   * negotiated_type. The lookup walks a trie of maps, one step per field (and per list element),
   * instead of building one key string per price: that string cost ~2.5 CPU-s per GB of input.
   */
  idOf(fields: TermFields): number {
    let node = step(this.root, fields.negotiatedType);
    node = step(node, fields.billingClass ?? ABSENT);
    node = step(node, fields.setting ?? ABSENT);
    node = stepList(node, fields.serviceCodes);
    node = stepList(node, fields.modifiers);
    node = step(node, fields.expiration ?? ABSENT);
    node = step(node, fields.info ?? ABSENT);
    if (node.id >= 0) return node.id;
    const unit =
      RATE_UNITS[fields.negotiatedType] ?? RATE_UNITS[fields.negotiatedType.trim().toLowerCase()];
    if (unit === undefined) {
      throw new NormalizeError(
        ".negotiated_type",
        `unknown negotiated_type ${JSON.stringify(fields.negotiatedType)} (expected negotiated, derived, fee schedule, percentage or per diem)`,
      );
    }
    const id = this.offset + this.stride * this.next++;
    if (++this.entries > MAX_ENTRIES) {
      this.root = { id: -1, next: new Map() };
      this.entries = 0;
    } else {
      node.id = id;
    }
    this.csv.push(
      `${id},${csvText(lower(fields.negotiatedType))},${unit},${csvText(lower(fields.billingClass))},${csvText(lower(fields.setting))},${csvList(fields.serviceCodes)},${csvList(fields.modifiers)},${csvText(fields.expiration)},${csvText(fields.info)}\n`,
    );
    return id;
  }

  /** The CSV lines of the terms made since the last call (a standalone buffer, transferable). */
  drainCsv(): Uint8Array {
    const bytes = this.csv.bytes();
    this.csv = new CsvBytes(1 << 12);
    return bytes;
  }
}

/** Lower case and trimmed; most files are already lower case, and then no new string is made. */
function lower(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /[A-Z\s]/.test(value) ? value.trim().toLowerCase() : value;
}

function step(node: TermNode, key: string): TermNode {
  let next = node.next.get(key);
  if (next === undefined) {
    next = { id: -1, next: new Map() };
    node.next.set(key, next);
  }
  return next;
}

function stepList(node: TermNode, values: readonly string[] | undefined): TermNode {
  if (values === undefined) return step(node, ABSENT);
  let at = step(node, LENGTHS[values.length] ?? `\u0000#${values.length}`);
  for (const value of values) at = step(at, value);
  return at;
}

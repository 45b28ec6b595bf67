import { dirname, resolve } from "node:path";
import { isUrl } from "../sources/tic/open-input.js";
import { PLAN_FIELDS, planFromHeader, type PlanInfo } from "../store/tic-source-files.js";

/** One distinct file listed by an index, with every plan that lists it. */
export interface ListedFile {
  readonly location: string;
  readonly kind: "in-network" | "allowed-amounts";
  readonly plans: readonly PlanInfo[];
}

const KINDS: readonly ListedFile["kind"][] = ["in-network", "allowed-amounts"];
const FIELDS = PLAN_FIELDS.length;

/**
 * The job list of an index (table of contents), built one `reporting_structure` element at a time
 * while the index streams through the byte scanner: each distinct file once (by resolved location;
 * by SHA-256 later, when the file is read), with the plans that list it. Nothing of an element is
 * kept once it is walked, and what is kept is packed, because a national payer's index lists
 * hundreds of thousands of plans and files (a 100,000-plan index took ~1.1 kB of JS heap per plan and
 * file as objects; see docs/benchmarks.md):
 * - a plan is six numbers in a typed array, each the id of its field's text in one table of
 *   distinct texts (issuer, market, id type repeat across plans: stored once), deduplicated by
 *   those numbers (a short key) instead of by its JSON;
 * - a file is its location (the Map key), a kind byte and its first plan in typed arrays; only a
 *   file listed by more than one plan keeps a Set of the others (shared network files: few, long).
 * Plans are rebuilt as objects only when asked for, one object per plan shared by every file.
 */
export class IndexWalk {
  private readonly texts = new Map<string, number>();
  private readonly textList: string[] = [];
  private readonly planKeys = new Map<string, number>();
  /** Per plan, per field: 1 + the text's id, 0 when the plan has no such field. */
  private planFields = new Int32Array(FIELDS * 1024);
  private planTotal = 0;
  private readonly slots = new Map<string, number>();
  private kinds = new Uint8Array(1024);
  /** Per file: its first plan, -1 when no plan lists it. */
  private firstPlans = new Int32Array(1024);
  /** Per file listed by more than one plan: the others, in order of first sight. */
  private readonly otherPlans = new Map<number, Set<number>>();
  private built: PlanInfo[] | undefined;
  /** `reporting_structure` elements walked and file listings seen (with repeats). */
  structures = 0;
  listings = 0;

  constructor(readonly indexLocation: string) {}

  /** Walks one parsed `reporting_structure` element. */
  add(structure: unknown): void {
    this.structures++;
    if (typeof structure !== "object" || structure === null) return;
    const s = structure as {
      reporting_plans?: unknown;
      in_network_files?: unknown;
      allowed_amount_file?: unknown;
    };
    const plans = this.internPlans(s.reporting_plans);
    const inNetwork = Array.isArray(s.in_network_files) ? (s.in_network_files as unknown[]) : [];
    for (const file of inNetwork) this.addFile(file, 0, plans);
    if (s.allowed_amount_file !== undefined) this.addFile(s.allowed_amount_file, 1, plans);
  }

  /** Every distinct plan of the index, in order of first sight. */
  plans(): readonly PlanInfo[] {
    if (this.built?.length !== this.planTotal) {
      const built = this.built ?? [];
      for (let n = built.length; n < this.planTotal; n++) built.push(this.plan(n));
      this.built = built;
    }
    return this.built;
  }

  /** Number of distinct plans. */
  get planCount(): number {
    return this.planTotal;
  }

  /** Number of distinct listed files. */
  get fileCount(): number {
    return this.slots.size;
  }

  /** The distinct listed files, in order of first sight. */
  *files(): Generator<ListedFile> {
    const plans = this.plans();
    for (const [location, slot] of this.slots) {
      const first = this.firstPlans[slot] ?? -1;
      const listing: PlanInfo[] = first < 0 ? [] : [plans[first]!];
      for (const n of this.otherPlans.get(slot) ?? []) listing.push(plans[n]!);
      yield { location, kind: KINDS[this.kinds[slot] ?? 0]!, plans: listing };
    }
  }

  private plan(n: number): PlanInfo {
    const plan: Record<string, string> = {};
    for (let f = 0; f < FIELDS; f++) {
      const text = this.planFields[n * FIELDS + f] ?? 0;
      if (text > 0) plan[PLAN_FIELDS[f]!] = this.textList[text - 1]!;
    }
    return plan;
  }

  private text(value: string): number {
    let id = this.texts.get(value);
    if (id === undefined) {
      id = this.textList.length + 1;
      this.textList.push(value);
      this.texts.set(value, id);
    }
    return id;
  }

  private internPlans(list: unknown): number[] {
    if (!Array.isArray(list)) return [];
    const numbers: number[] = [];
    const row = new Int32Array(FIELDS);
    for (const raw of list as unknown[]) {
      if (typeof raw !== "object" || raw === null) continue;
      const source = raw as Record<string, unknown>;
      let present = false;
      for (let f = 0; f < FIELDS; f++) {
        // As planFromHeader reads a plan: strings and numbers, as text.
        const value = source[PLAN_FIELDS[f]!];
        const given = typeof value === "string" || typeof value === "number";
        row[f] = given ? this.text(String(value)) : 0;
        present ||= given;
      }
      if (!present) continue;
      const key = row.join(",");
      let n = this.planKeys.get(key);
      if (n === undefined) {
        n = this.planTotal++;
        if (this.planFields.length < this.planTotal * FIELDS) {
          this.planFields = grow(this.planFields, this.planFields.length * 2);
        }
        this.planFields.set(row, n * FIELDS);
        this.planKeys.set(key, n);
      }
      if (!numbers.includes(n)) numbers.push(n);
    }
    return numbers;
  }

  private addFile(file: unknown, kind: 0 | 1, plans: readonly number[]): void {
    const raw = (file as { location?: unknown } | null)?.location;
    if (typeof raw !== "string" || raw.trim() === "") return;
    this.listings++;
    const location = resolveLocation(this.indexLocation, raw.trim());
    let slot = this.slots.get(location);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(location, slot);
      if (this.kinds.length <= slot) {
        this.kinds = grow(this.kinds, this.kinds.length * 2);
        this.firstPlans = grow(this.firstPlans, this.firstPlans.length * 2);
      }
      this.kinds[slot] = kind;
      this.firstPlans[slot] = -1;
    }
    for (const n of plans) {
      const first = this.firstPlans[slot] ?? -1;
      if (first === n) continue;
      if (first < 0) {
        this.firstPlans[slot] = n;
        continue;
      }
      let others = this.otherPlans.get(slot);
      if (others === undefined) this.otherPlans.set(slot, (others = new Set()));
      others.add(n);
    }
  }
}

/** A typed array copied into a bigger one. */
function grow<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** A location relative to the index: URL resolution for remote indexes, path resolution for local ones. */
export function resolveLocation(indexLocation: string, location: string): string {
  if (isUrl(location)) return location;
  if (isUrl(indexLocation)) return new URL(location, indexLocation).toString();
  const base = indexLocation.includes("#")
    ? indexLocation.slice(0, indexLocation.indexOf("#"))
    : indexLocation;
  return indexLocation === "-" ? resolve(location) : resolve(dirname(base), location);
}

/** The plans of one `reporting_structure` element (its `reporting_plans`), as the index lists them. */
export function plansOfStructure(structure: unknown): PlanInfo[] {
  if (typeof structure !== "object" || structure === null) return [];
  const list = (structure as { reporting_plans?: unknown }).reporting_plans;
  if (!Array.isArray(list)) return [];
  return (list as unknown[])
    .map((plan) => planFromHeader(plan as Record<string, unknown>))
    .filter((plan): plan is PlanInfo => plan !== undefined);
}

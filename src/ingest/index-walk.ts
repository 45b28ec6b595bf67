import { dirname, resolve } from "node:path";
import { isUrl } from "../sources/tic/open-input.js";
import { planFromHeader, type PlanInfo } from "../store/tic-source-files.js";

/** One distinct file listed by an index, with every plan that lists it. */
export interface ListedFile {
  readonly location: string;
  readonly kind: "in-network" | "allowed-amounts";
  readonly plans: readonly PlanInfo[];
}

/**
 * The job list of an index (table of contents), built one `reporting_structure` element at a time
 * while the index streams through the byte scanner: each distinct file once (by resolved location;
 * by SHA-256 later, when the file is read), with the plans that list it. Memory grows with the
 * distinct files and plans, never with the index's size: plans are interned and each file keeps
 * the numbers of its plans only; nothing of an element is kept once it is walked.
 */
export class IndexWalk {
  private readonly planKeys = new Map<string, number>();
  private readonly planList: PlanInfo[] = [];
  private readonly byLocation = new Map<string, { kind: ListedFile["kind"]; plans: number[] }>();
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
    for (const file of inNetwork) this.addFile(file, "in-network", plans);
    if (s.allowed_amount_file !== undefined) {
      this.addFile(s.allowed_amount_file, "allowed-amounts", plans);
    }
  }

  /** Every distinct plan of the index, in order of first sight. */
  plans(): readonly PlanInfo[] {
    return this.planList;
  }

  /** Number of distinct listed files. */
  get fileCount(): number {
    return this.byLocation.size;
  }

  /** The distinct listed files, in order of first sight. */
  *files(): Generator<ListedFile> {
    for (const [location, entry] of this.byLocation) {
      yield { location, kind: entry.kind, plans: entry.plans.map((n) => this.planList[n]!) };
    }
  }

  private internPlans(list: unknown): number[] {
    if (!Array.isArray(list)) return [];
    const numbers: number[] = [];
    for (const raw of list as unknown[]) {
      const plan = planFromHeader(raw as Record<string, unknown>);
      if (plan === undefined) continue;
      const key = JSON.stringify(plan);
      let n = this.planKeys.get(key);
      if (n === undefined) {
        n = this.planList.length;
        this.planList.push(plan);
        this.planKeys.set(key, n);
      }
      numbers.push(n);
    }
    return numbers;
  }

  private addFile(file: unknown, kind: ListedFile["kind"], plans: readonly number[]): void {
    const raw = (file as { location?: unknown } | null)?.location;
    if (typeof raw !== "string" || raw.trim() === "") return;
    this.listings++;
    const location = resolveLocation(this.indexLocation, raw.trim());
    const entry = this.byLocation.get(location);
    if (entry === undefined) {
      this.byLocation.set(location, { kind, plans: [...plans] });
      return;
    }
    for (const n of plans) if (!entry.plans.includes(n)) entry.plans.push(n);
  }
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

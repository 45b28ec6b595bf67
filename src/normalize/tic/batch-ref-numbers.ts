/** Whole-number ids below this are numbered through the thread's typed tables (2 × 4 MB). */
const DIRECT_IDS = 1 << 20;

/**
 * The thread's tables, shared by its successive batches (a batch is numbered from start to end
 * without interruption, on one thread): `stamps[id]` is the generation of the batch that last
 * numbered `id`, `locals[id]` the number it gave. A new batch only bumps the generation, so no
 * table is cleared between batches.
 */
let stamps: Int32Array | undefined;
let locals: Int32Array | undefined;
let generation = 0;

/**
 * Batch-local numbers of whole-number provider-reference ids (`ProviderColumns.target`): the first
 * id seen in a batch is 0, the next new one 1, and so on. Looked up per reference of every rate,
 * ~23 M times per GB of a file with realistic fan-out: a `Map<number, number>` there cost ~1.3
 * CPU-s per 0.3 GB in each parse worker; ids below 2^20 (nearly all in real files) use typed tables.
 */
export class BatchRefNumbers {
  private readonly generation: number;
  private readonly large = new Map<number, number>();

  constructor() {
    if (generation === 0x7fffffff) {
      stamps?.fill(0);
      generation = 0;
    }
    this.generation = ++generation;
  }

  /** The batch-local number of `id` (a whole number ≥ 0), or -1 when the batch has not seen it. */
  get(id: number): number {
    if (id < DIRECT_IDS) {
      return stamps !== undefined && stamps[id] === this.generation ? locals![id]! : -1;
    }
    return this.large.get(id) ?? -1;
  }

  /** Records the batch-local number of `id`. */
  set(id: number, local: number): void {
    if (id < DIRECT_IDS) {
      if (stamps === undefined || locals === undefined) {
        stamps = new Int32Array(DIRECT_IDS);
        locals = new Int32Array(DIRECT_IDS);
      }
      stamps[id] = this.generation;
      locals[id] = local;
      return;
    }
    this.large.set(id, local);
  }
}

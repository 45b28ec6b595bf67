/**
 * The plan of a SYNTHETIC payer ("Synthetic Health Plan"): which files its table of contents lists,
 * how big each is, how its provider references are written, how it is served (compression,
 * content type) and how its server misbehaves for it (404, 500, 503 then success, a dropped
 * connection, a truncated body, a slow link). Everything derives from the seed, so a plan is the
 * same on every machine; nothing here is real data. Test and benchmark scaffolding, not product code.
 */
import { SeededRandom } from "../../sources/synthetic/seeded-random.js";

/** The payer's name, as every file and the index write it. */
export const SYNTHETIC_PAYER_NAME =
  "Synthetic Health Plan (SYNTHETIC payer, generated, not real data)";

/** What the server does on one GET of a file; a file's plan is a list, its last entry repeating. */
export type Fault =
  | { readonly kind: "ok" }
  | { readonly kind: "status"; readonly status: 404 | 500 | 503 }
  /** Sends the headers (full Content-Length) and part of the body, then destroys the socket. */
  | { readonly kind: "drop"; readonly fraction: number }
  /** Serves only the first part of the bytes as if it were the whole file (an upload cut short). */
  | { readonly kind: "truncate"; readonly fraction: number }
  /** Waits before the headers, then sends at a throttled rate. */
  | { readonly kind: "slow"; readonly firstByteDelayMs: number; readonly bytesPerSecond: number };

/** Named fault plans, so tests can pick files by what goes wrong with them. */
export type FaultName =
  "none" | "missing" | "error" | "flaky" | "drop-once" | "drop-always" | "truncated" | "slow";

/** How a file writes its provider groups. */
export type ReferenceStyle = "root" | "remote" | "inline" | "none";

/** One file the index lists (in-network rates or allowed amounts), before it is written. */
export interface PlannedFile {
  /** File name under `/files/`. */
  readonly name: string;
  readonly kind: "in-network-rates" | "allowed-amounts";
  readonly compression: "gzip" | "none";
  readonly contentType: "application/gzip" | "application/octet-stream" | "application/json";
  readonly references: ReferenceStyle;
  /** Uncompressed size the generator aims at. */
  readonly targetBytes: number;
  /** Seed of this file's content. */
  readonly seed: number;
  /** First index into the code universe (items take consecutive codes from here, wrapping). */
  readonly firstCode: number;
  readonly faultName: FaultName;
  readonly faults: readonly Fault[];
  /** Byte-identical copy of this other file (listed under another URL, as real payers do). */
  readonly duplicateOf?: string;
}

/** One `reporting_structure` entry: plans, the in-network files (names) and the allowed-amount file. */
export interface PlannedStructure {
  readonly plans: readonly Record<string, string>[];
  readonly inNetworkFiles: readonly string[];
  readonly allowedAmountFile: string;
}

/** Options of a synthetic payer. */
export interface SyntheticPayerOptions {
  /** Default 12. */
  readonly seed?: number;
  /** In-network files listed (default 100; the issue asks for 100 to 500). */
  readonly files?: number;
  /** Median uncompressed size of an in-network file (log-normal, default 64 kB). */
  readonly medianBytes?: number;
  /** Largest in-network file (default 50 × the median). */
  readonly maxBytes?: number;
  /** Billing codes in the payer's universe (default 1,000; generated CPT-like codes). */
  readonly codes?: number;
  /** Files that fail, drop, truncate or crawl: all kinds (default true), none, or only these. */
  readonly faults?: boolean | readonly FaultName[];
  /** The slow link of "slow" files (default 300 ms to the first byte, then 2 MB/s). */
  readonly slow?: { readonly firstByteDelayMs: number; readonly bytesPerSecond: number };
  /** Content type of gzip files: a mix (default) or only one. */
  readonly gzipContentType?: "mixed" | "application/gzip" | "application/octet-stream";
}

/** The whole plan: files (in-network first, then allowed amounts) and the index structure. */
export interface PayerPlan {
  readonly options: Required<SyntheticPayerOptions>;
  readonly files: readonly PlannedFile[];
  readonly structures: readonly PlannedStructure[];
  /** Provider-reference files in the pool remote-style files point to (plus one that is missing). */
  readonly referenceFiles: number;
}

export const DEFAULT_OPTIONS: Required<SyntheticPayerOptions> = {
  seed: 12,
  files: 100,
  medianBytes: 64_000,
  maxBytes: 3_200_000,
  codes: 1_000,
  faults: true,
  slow: { firstByteDelayMs: 300, bytesPerSecond: 2_000_000 },
  gzipContentType: "mixed",
};

/** Share of in-network files per fault plan (at least one file each when faults are on). */
const FAULT_SHARES: readonly [FaultName, number][] = [
  ["missing", 0.03],
  ["error", 0.02],
  ["flaky", 0.04],
  ["drop-once", 0.03],
  ["drop-always", 0.01],
  ["truncated", 0.02],
  ["slow", 0.02],
];

const FAULTS: Readonly<Record<FaultName, readonly Fault[]>> = {
  none: [{ kind: "ok" }],
  missing: [{ kind: "status", status: 404 }],
  error: [{ kind: "status", status: 500 }],
  flaky: [{ kind: "status", status: 503 }, { kind: "status", status: 503 }, { kind: "ok" }],
  "drop-once": [{ kind: "drop", fraction: 0.5 }, { kind: "ok" }],
  "drop-always": [{ kind: "drop", fraction: 0.5 }],
  truncated: [{ kind: "truncate", fraction: 0.6 }],
  slow: [{ kind: "slow", firstByteDelayMs: 300, bytesPerSecond: 2_000_000 }],
};

/** GETs a client must make before the file arrives whole, or undefined if it never does. */
export function attemptsToSucceed(file: PlannedFile): number | undefined {
  const last = file.faults[file.faults.length - 1];
  if (last === undefined || !(last.kind === "ok" || last.kind === "slow")) return undefined;
  return file.faults.length;
}

/** The plan for `options` (defaults filled in). Same options, same plan. */
export function planPayer(given: SyntheticPayerOptions = {}): PayerPlan {
  const options: Required<SyntheticPayerOptions> = {
    ...DEFAULT_OPTIONS,
    ...given,
    maxBytes: given.maxBytes ?? (given.medianBytes ?? DEFAULT_OPTIONS.medianBytes) * 50,
  };
  const random = new SeededRandom(options.seed);
  const count = Math.max(1, options.files);
  // Fault plans go to distinct random files, so every kind is present whatever the seed.
  const faultOf = new Map<number, FaultName>();
  if (options.faults !== false) {
    const wanted = options.faults === true ? undefined : new Set(options.faults);
    for (const [name, share] of FAULT_SHARES.filter(([kind]) => wanted?.has(kind) ?? true)) {
      for (let n = Math.max(1, Math.round(count * share)); n > 0 && faultOf.size < count - 1; n--) {
        let index = random.int(0, count - 1);
        while (faultOf.has(index)) index = (index + 1) % count;
        faultOf.set(index, name);
      }
    }
  }
  const files: PlannedFile[] = [];
  for (let i = 0; i < count; i++) {
    const style = random.next();
    const references: ReferenceStyle = style < 0.6 ? "root" : style < 0.8 ? "inline" : "remote";
    const gzip = random.next() < 0.7;
    const targetBytes = Math.round(
      Math.min(options.maxBytes, Math.max(4_000, random.logNormal(options.medianBytes, 1))),
    );
    const faultName = faultOf.get(i) ?? "none";
    files.push({
      name: `synthetic-in-network-${String(i).padStart(4, "0")}.json${gzip ? ".gz" : ""}`,
      kind: "in-network-rates",
      compression: gzip ? "gzip" : "none",
      contentType: contentType(gzip, options.gzipContentType, random),
      references,
      targetBytes,
      seed: random.int(1, 2 ** 31),
      firstCode: random.int(0, options.codes - 1),
      faultName,
      faults: faultName === "slow" ? [{ kind: "slow", ...options.slow }] : FAULTS[faultName],
    });
  }
  // Byte-identical copies under other names (about 2 %, at least one), of files that do not fail.
  const healthy = files.filter((file) => file.faultName === "none");
  for (let n = Math.max(1, Math.round(count * 0.02)); n > 0 && healthy.length > 0; n--) {
    const original = random.pick(healthy);
    if (files.some((file) => file.duplicateOf === original.name)) continue;
    files.push({
      ...original,
      name: original.name.replace(/\.json/, "-copy.json"),
      duplicateOf: original.name,
    });
  }
  const inNetwork = files.map((file) => file.name);
  const structureCount = Math.max(1, Math.ceil(inNetwork.length / 10));
  const allowedCount = Math.max(1, Math.ceil(structureCount / 3));
  for (let a = 0; a < allowedCount; a++) {
    files.push({
      name: `synthetic-allowed-amounts-${String(a).padStart(3, "0")}.json`,
      kind: "allowed-amounts",
      compression: "none",
      contentType: "application/json",
      references: "none",
      targetBytes: 8_000,
      seed: random.int(1, 2 ** 31),
      firstCode: random.int(0, options.codes - 1),
      faultName: "none",
      faults: FAULTS.none,
    });
  }
  const structures: PlannedStructure[] = [];
  for (let s = 0; s < structureCount; s++) {
    // Every file in one structure, and some also in a second one (a file shared by several plans).
    const listed = new Set(inNetwork.filter((_, index) => index % structureCount === s));
    for (let extra = random.int(0, 3); extra > 0; extra--) listed.add(random.pick(inNetwork));
    const plans: Record<string, string>[] = [];
    for (let p = random.int(1, 4); p > 0; p--) {
      const id = String(random.int(10_000_000, 99_999_999));
      plans.push({
        plan_name: `Synthetic PPO Plan ${id} (SYNTHETIC)`,
        plan_id_type: "ein",
        plan_id: id,
        plan_market_type: random.next() < 0.8 ? "group" : "individual",
        issuer_name: "Synthetic Health Plan (SYNTHETIC)",
        plan_sponsor_name: `Synthetic Employer ${id} (SYNTHETIC)`,
      });
    }
    structures.push({
      plans,
      inNetworkFiles: [...listed],
      allowedAmountFile: `synthetic-allowed-amounts-${String(s % allowedCount).padStart(3, "0")}.json`,
    });
  }
  return { options, files, structures, referenceFiles: 40 };
}

function contentType(
  gzip: boolean,
  wanted: SyntheticPayerOptions["gzipContentType"],
  random: SeededRandom,
): PlannedFile["contentType"] {
  const draw = random.next();
  if (!gzip) return "application/json";
  if (wanted === "application/gzip" || wanted === "application/octet-stream") return wanted;
  return draw < 0.5 ? "application/gzip" : "application/octet-stream";
}

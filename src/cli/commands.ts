import type { Command } from "./command.js";

/** One entry per subcommand; modules load only when their command runs, so start-up stays fast. */
export interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<{ default: Command }>;
}

/** The subcommand registry. Keep summaries to one line; usage lives in each module. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  // sources → store (Transparency in Coverage)
  ingest: {
    summary: "Stream TiC in-network, allowed-amounts or index files into the store",
    load: () => import("./ingest-command.js"),
  },
  worker: {
    summary: "Take queued files from Redis (ingest --queue) and load them, until stopped",
    load: () => import("./worker-command.js"),
  },
  queue: {
    summary: "The ingest queue: files waiting, running, done and failed (`queue status`)",
    load: () => import("./queue-command.js"),
  },
  files: {
    summary: "List the source files loaded in the store",
    load: () => import("./files-command.js"),
  },
  stats: { summary: "Show row counts per table", load: () => import("./stats-command.js") },
  compact: {
    summary: "Merge a store folder's many small units into few, so queries stay fast",
    load: () => import("./compact-command.js"),
  },
  export: {
    summary: "Export the normalised tables (Parquet)",
    load: () => import("./export-command.js"),
  },
  // reference data, Medicare, codes
  import: {
    summary:
      "Import reference files: pfs, gpci, locality, ncci-*, icd10, taxonomy, pos, medicaid, nppes",
    load: () => import("./import-command.js"),
  },
  medicare: {
    summary: "Medicare Physician Fee Schedule amount for a code, with its inputs",
    load: () => import("./medicare-command.js"),
  },
  code: {
    summary: "Code reference (`code 64491`) and search (`code search WORDS`)",
    load: () => import("./code-command.js"),
  },
  // analysis and publication
  benchmark: {
    summary: "Rate benchmarks per payer for a code, against Medicare",
    load: () => import("./benchmark-command.js"),
  },
  contract: {
    summary:
      "Evaluate a fee schedule (CSV/.xlsx) against its market and Medicare, with a what-if offer",
    load: () => import("./contract-command.js"),
  },
  releases: {
    summary: "A payer's monthly releases: files, plans, and where each month came from",
    load: () => import("./releases-command.js"),
  },
  changes: {
    summary: "What moved between two monthly releases of a payer: rates added, dropped, changed",
    load: () => import("./changes-command.js"),
  },
  alerts: {
    summary:
      "Run a watch file: rate moves, rate-type and policy changes, with dollars; optional webhook",
    load: () => import("./alerts-command.js"),
  },
  report: {
    summary: "Write the per-code publication (HTML, Markdown, JSON)",
    load: () => import("./report-command.js"),
  },
  serve: {
    summary: "Serve the publications, the HTTP API and the web UI",
    load: () => import("./serve-command.js"),
  },
  demo: {
    summary: "The main job: load bundled data, write publications, serve them",
    load: () => import("./demo-command.js"),
  },
  // coding compliance
  check: {
    summary: "Check claims (JSON, JSONL, CSV or X12 837P) against coding and coverage rules",
    load: () => import("./check-command.js"),
  },
  "code-procedure": {
    summary: "Turn procedure facts or a short description into claim lines",
    load: () => import("./code-procedure-command.js"),
  },
  validate: {
    summary:
      "Check a hospital price-transparency file (CMS CSV/JSON v2.0-3.0) as CMS's validator does",
    load: () => import("./validate-command.js"),
  },
  crosscheck: {
    summary:
      "Hospital files' negotiated charges against the payers' TiC rates: agree, differ, missing",
    load: () => import("./crosscheck-command.js"),
  },
  policy: {
    summary: "Show a payer's policy rules or what changed between two dates",
    load: () => import("./policy-command.js"),
  },
};

import type { HptHeader, HptLayout, HptRecord } from "./hpt-record.js";
import type { HptFinding } from "./hpt-finding.js";

/**
 * What a hospital-file reader yields, in file order: the header once (before any record), each
 * record, and the findings the reader itself can see (column layout, JSON value types, empty
 * strings). Everything else is judged by the rules over the records.
 */
export type HptEvent =
  /**
   * The header. A JSON file may write root values after its big arrays, so its reader sends the header
   * twice: before the first item (what is known so far, `final: false`) and at the end (`final: true`).
   */
  | { kind: "header"; header: HptHeader; layout: HptLayout; columns: string[]; final: boolean }
  | { kind: "record"; record: HptRecord }
  | { kind: "finding"; finding: HptFinding };

/**
 * Tables for reference data (Medicare fee schedule, GPCIs, localities, NCCI edits, ICD-10-CM,
 * NUCC taxonomy, places of service, Medicaid fee schedules). Owned by the reference/Medicare work.
 */
export const REFERENCE_TABLES: readonly string[] = [];

/**
 * CSV field writers for the staging files the normaliser hands to DuckDB. Rows go to DuckDB as CSV
 * because its CSV reader loads ~0.8 M rows/s on its own threads, while the Node appender manages
 * ~0.55 M rows/s on the main thread (and ~0.08 M rows/s with list columns): measured on this machine.
 * Lists travel as JSON text and are decoded by `from_json` in SQL.
 */

const NEEDS_QUOTES = /[",\n\r]/;

/** A VARCHAR field: empty for NULL, quoted when needed (an empty string is quoted so it stays ''). */
export function csvText(value: string | undefined): string {
  if (value === undefined) return "";
  if (value.length === 0) return '""';
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

const listCache = new Map<string, string>();

/** A list field, as quoted JSON text (NULL when absent). Short lists repeat a lot: cached. */
export function csvList(values: readonly string[] | undefined): string {
  if (values === undefined) return "";
  const key = values.join("\u0000");
  let text = listCache.get(key);
  if (text === undefined) {
    text = `"${JSON.stringify(values).replaceAll('"', '""')}"`;
    if (listCache.size < 10_000) listCache.set(key, text);
  }
  return text;
}

/** A numeric field (NULL when absent). */
export function csvNumber(value: number | undefined): string {
  return value === undefined ? "" : String(value);
}

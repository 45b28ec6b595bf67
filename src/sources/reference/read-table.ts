import { InputError } from "../../errors.js";
import { describeColumns, locateColumns, type ColumnSpec } from "./columns.js";
import { isBlankRecord, readCsvRecords } from "./csv-records.js";

/** One data row of a table, with its line number and the resolved column indexes. */
export interface TableRow<K extends string> {
  readonly line: number;
  readonly fields: readonly string[];
  readonly columns: Readonly<Record<K, number>>;
}

/**
 * Streams the data rows of a CSV or tab-delimited table whose header may follow a preamble
 * (CMS puts copyright lines above the NCCI headers). The header is the first line where every
 * required column is found; if none is within `maxPreamble` lines, `InputError` names the
 * columns that were expected. Blank lines are skipped.
 */
export async function* readTable<K extends string>(
  file: string,
  wanted: Record<K, ColumnSpec>,
  options: {
    maxPreamble?: number;
    what: string;
    /** True for rows right under the header that continue it (CMS stacks sub-labels such as "Date *=no data"); skipped until the first data row. */
    isHeaderContinuation?: (
      fields: readonly string[],
      columns: Readonly<Record<K, number>>,
    ) => boolean;
  },
): AsyncGenerator<TableRow<K>> {
  const maxPreamble = options.maxPreamble ?? 30;
  let columns: Record<K, number> | null = null;
  let lastLine = 0;
  let rows = 0;
  for await (const { line, fields } of readCsvRecords(file)) {
    lastLine = line;
    if (isBlankRecord(fields)) continue;
    if (columns === null) {
      const located = locateColumns(fields, wanted);
      if (located.missing.length === 0) columns = located.columns;
      else if (line >= maxPreamble) {
        throw new InputError(
          file,
          { line },
          `not a ${options.what}: no header with column(s) ${describeColumns(wanted, Object.keys(wanted) as K[])} in the first ${maxPreamble} lines`,
        );
      }
      continue;
    }
    if (rows === 0 && options.isHeaderContinuation?.(fields, columns) === true) continue;
    rows++;
    yield { line, fields, columns };
  }
  if (columns === null) {
    throw new InputError(
      file,
      { line: lastLine },
      `not a ${options.what}: no header with column(s) ${describeColumns(wanted, Object.keys(wanted) as K[])}`,
    );
  }
  if (rows === 0) {
    throw new InputError(file, { line: lastLine }, `the ${options.what} has a header but no rows`);
  }
}

/**
 * One `providers` row (the NPPES directory, `provider-tables.ts`) and how it goes into DuckDB's
 * appender: shared by the NPPES import and the synthetic fixtures, so both write the same columns.
 */
import type { DuckDBAppender } from "@duckdb/node-api";
import { LIST, VARCHAR, listValue } from "./duckdb-api.js";

/** One `providers` row (the NPPES directory). */
export interface ProviderRow {
  npi: number;
  entityType: 1 | 2;
  name: string;
  primaryTaxonomy: string | null;
  taxonomies: readonly string[];
  state: string | null;
  zip5: string | null;
  deactivated?: boolean;
  synthetic: boolean;
}

const VARCHAR_LIST = LIST(VARCHAR);

function appendNullableVarchar(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

/** Appends one `providers` row to an open appender (column order of provider-tables.ts). */
export function appendProviderRow(appender: DuckDBAppender, row: ProviderRow): void {
  appender.appendBigInt(BigInt(row.npi));
  appender.appendTinyInt(row.entityType);
  appender.appendVarchar(row.name);
  appendNullableVarchar(appender, row.primaryTaxonomy);
  appender.appendList(listValue([...row.taxonomies]), VARCHAR_LIST);
  appendNullableVarchar(appender, row.state);
  appendNullableVarchar(appender, row.zip5);
  appender.appendBoolean(row.deactivated ?? false);
  appender.appendBoolean(row.synthetic);
  appender.endRow();
}

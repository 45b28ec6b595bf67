import { createRequire } from "node:module";
import type * as NodeApi from "@duckdb/node-api";
import type * as NodeBindings from "@duckdb/node-bindings";

/**
 * `@duckdb/node-api` and its bindings, loaded with `require`. Both are CommonJS: an ESM `import` of
 * them makes Node lex every file they re-export for named exports (cjs-module-lexer, ~100 files),
 * ~150 CPU-ms at every process start, more than loading them (each ingest worker, each command).
 * Everything in `src` takes the values it uses from here; types come from the package as usual.
 */
const load = createRequire(import.meta.url);
const api = load("@duckdb/node-api") as typeof NodeApi;

export const {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  LIST,
  VARCHAR,
  listValue,
} = api;
export type DuckDBDataChunk = NodeApi.DuckDBDataChunk;
export type DuckDBInstance = NodeApi.DuckDBInstance;

/** The C API's bindings, for one memory copy per column into a data chunk (`column-appender.ts`). */
export const duckdbBindings = load("@duckdb/node-bindings") as typeof NodeBindings;

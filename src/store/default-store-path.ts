/**
 * Default store path: the folder `./ratelens.store`, or `RATELENS_DB`. In its own file so that
 * commands which may never open a store (`check`, `medicare`, `code` over the bundled files) can
 * name it without loading the DuckDB bindings (~36 MB of RSS and 0.3 s of start-up).
 */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RATELENS_DB ?? "ratelens.store";
}

import { UsageError } from "../../errors.js";

/** Where the queue's Redis is, from `--queue redis://[user:password@]host[:port][/db]`. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** `rediss://`: TLS. */
  readonly tls: boolean;
  /** The URL without its password, for messages. */
  readonly display: string;
}

/**
 * Parses a Redis URL (`redis://` or `rediss://`, default port 6379, database 0) and says what is
 * wrong with a bad one, naming the flag.
 */
export function parseRedisUrl(text: string, flag = "--queue"): RedisAddress {
  const problem = (what: string): UsageError =>
    new UsageError(
      `${flag} ${JSON.stringify(text)}: ${what} (expected redis://HOST:PORT, e.g. redis://127.0.0.1:6379)`,
    );
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw problem("not a URL");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw problem(`the scheme must be redis:// or rediss://, not ${url.protocol}//`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") throw problem("no host");
  const port = url.port === "" ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw problem("the port must be 1 to 65535");
  }
  const path = url.pathname.replace(/^\//, "");
  const db = path === "" ? 0 : Number(path);
  if (!/^\d*$/.test(path) || !Number.isInteger(db) || db > 15) {
    throw problem(`the database must be a number from 0 to 15, not "${path}"`);
  }
  if (url.search !== "" || url.hash !== "") throw problem("no query or fragment is understood");
  const username = url.username === "" ? undefined : decodeURIComponent(url.username);
  const password = url.password === "" ? undefined : decodeURIComponent(url.password);
  const display = `${url.protocol}//${username === undefined ? "" : `${username}${password === undefined ? "" : ":***"}@`}${url.host}${db === 0 ? "" : `/${db}`}`;
  return {
    host,
    port,
    db,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    tls: url.protocol === "rediss:",
    display,
  };
}

import type { RedisOptions } from "bullmq";
import { Redis } from "ioredis";
import { QueueUnavailableError } from "../../errors.js";
import { parseRedisUrl, type RedisAddress } from "./redis-url.js";

/** How long to wait for Redis to answer before saying it cannot be reached. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * BullMQ connection options for an address. `maxRetriesPerRequest: null` is what BullMQ requires
 * for workers (a blocking wait must not time out into an error); ioredis reconnects on its own when
 * a running worker loses Redis.
 */
export function connectionOptions(address: RedisAddress): RedisOptions {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username === undefined ? {} : { username: address.username }),
    ...(address.password === undefined ? {} : { password: address.password }),
    ...(address.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    connectTimeout: CONNECT_TIMEOUT_MS,
  };
}

/**
 * Parses `queueUrl` and checks that Redis answers PING, once, without retrying: a queue that
 * cannot be reached is a `QueueUnavailableError` with one line saying where and why, not an
 * endless reconnect loop.
 */
export async function reachRedis(queueUrl: string): Promise<RedisAddress> {
  const address = parseRedisUrl(queueUrl);
  const probe = new Redis({
    ...connectionOptions(address),
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // ioredis reports why a connection failed as an event; connect() only says "Connection is closed".
  let cause: unknown;
  probe.on("error", (error: unknown) => {
    cause ??= error;
  });
  try {
    await probe.connect();
    await probe.ping();
    return address;
  } catch (error) {
    const why = cause ?? error;
    // The reason (e.g. "connect ECONNREFUSED 127.0.0.1:6379") is the cause: describeError appends it.
    throw new QueueUnavailableError(`cannot reach the queue's Redis at ${address.display}`, {
      cause: why,
    });
  } finally {
    probe.disconnect();
  }
}

/** What users read for the error codes Node and undici give a failed connection. */
const PHRASES: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: "the server closed the connection",
  ECONNRESET: "the connection was reset",
  ECONNREFUSED: "the connection was refused",
  ETIMEDOUT: "the connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  ENOTFOUND: "the host name was not found",
  EAI_AGAIN: "the host name could not be resolved",
};

/**
 * Why a connection failed, in words, from a fetch or stream error. undici wraps the reason
 * ("fetch failed", "terminated") around the socket's error, so the innermost cause is the one that
 * says something; known codes get a phrase, anything else that cause's own message.
 */
export function networkReason(error: unknown): string {
  let innermost = error;
  for (let depth = 0; depth < 5 && innermost instanceof Error; depth++) {
    if (innermost.cause === undefined) break;
    innermost = innermost.cause;
  }
  const code =
    typeof innermost === "object" && innermost !== null && "code" in innermost
      ? String(innermost.code)
      : undefined;
  const phrase = code === undefined ? undefined : PHRASES[code];
  if (phrase !== undefined) return phrase;
  return innermost instanceof Error ? innermost.message : String(innermost);
}

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../errors.js";
import { postWebhook, SIGNATURE_HEADER, signBody } from "./post-webhook.js";

interface Received {
  body: string;
  signature: string | undefined;
}

/** A receiver on 127.0.0.1 (random port) answering the given statuses in turn, then 200. */
async function receiver(
  statuses: number[],
): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const header = request.headers[SIGNATURE_HEADER];
      received.push({ body, signature: Array.isArray(header) ? header[0] : header });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${String(port)}/hook`, received };
}

describe("postWebhook", () => {
  let server: Server | undefined;
  afterEach(async () => {
    const open = server;
    server = undefined;
    if (open !== undefined) {
      await new Promise<void>((resolve) =>
        open.close(() => {
          resolve();
        }),
      );
    }
  });

  it("retries a 503 with backoff, then delivers the JSON signed with the shared secret", async () => {
    const hook = await receiver([503, 500]);
    server = hook.server;
    const result = await postWebhook(
      hook.url,
      { alerts: [1, 2] },
      { secret: "s3cret", backoffMs: 5 },
    );
    expect(result).toEqual({ attempts: 3, status: 200 });
    expect(hook.received).toHaveLength(3);
    const last = hook.received[2];
    expect(JSON.parse(last?.body ?? "")).toEqual({ alerts: [1, 2] });
    expect(last?.signature).toBe(signBody(last?.body ?? "", "s3cret"));
    expect(last?.signature).not.toBe(signBody(last?.body ?? "", "other"));
  });

  it("gives up with an UpstreamError: at once on a 4xx, after the retries on 5xx", async () => {
    const hook = await receiver([400, 500, 500, 500]);
    server = hook.server;
    await expect(postWebhook(hook.url, {}, { secret: "s", backoffMs: 1 })).rejects.toBeInstanceOf(
      UpstreamError,
    );
    expect(hook.received).toHaveLength(1);
    await expect(
      postWebhook(hook.url, {}, { secret: "s", backoffMs: 1, retries: 2 }),
    ).rejects.toThrow(/after 3 attempts: HTTP 500/);
  });
});

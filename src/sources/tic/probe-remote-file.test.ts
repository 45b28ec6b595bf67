import { describe, expect, it } from "vitest";
import { probeRemoteFile } from "./probe-remote-file.js";

const answer =
  (status: number, headers: Record<string, string>, onCancel?: () => void): typeof fetch =>
  () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024)); // endless: a body that must not be read whole
      },
      cancel: onCancel,
    });
    return Promise.resolve(new Response(body, { status, headers }));
  };

describe("probeRemoteFile", () => {
  it("reads the size from a ranged answer, or from a whole one whose body it drops unread", async () => {
    const modified = "Sun, 01 Nov 2026 00:00:00 GMT";
    expect(
      await probeRemoteFile(
        "https://payer.example/a.json.gz",
        answer(206, { "content-range": "bytes 0-0/123456", "last-modified": modified }),
      ),
    ).toEqual({ sizeBytes: 123456, lastModified: Date.parse(modified) });
    let cancelled = false;
    expect(
      await probeRemoteFile(
        "https://payer.example/a.json.gz",
        answer(200, { "content-length": "999" }, () => {
          cancelled = true;
        }),
      ),
    ).toEqual({ sizeBytes: 999, lastModified: undefined });
    expect(cancelled).toBe(true);
  });

  it("says nothing when the answer is an error, has no size, or does not come in time", async () => {
    const url = "https://payer.example/a.json.gz";
    expect(await probeRemoteFile(url, answer(403, { "content-length": "5" }))).toBeUndefined();
    expect(await probeRemoteFile(url, answer(200, {}))).toBeUndefined();
    expect(
      await probeRemoteFile(url, answer(206, { "content-range": "bytes 0-0/*" })),
    ).toBeUndefined();
    const never: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => {
          reject(new Error("aborted"));
        });
      });
    expect(await probeRemoteFile(url, never, 50)).toBeUndefined();
    const refused: typeof fetch = () => Promise.reject(new TypeError("fetch failed"));
    expect(await probeRemoteFile(url, refused)).toBeUndefined();
  });
});

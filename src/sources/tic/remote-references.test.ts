import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RemoteReferenceFetcher } from "./remote-references.js";

/** A `fetch` that answers from `bodies` (404 for others) and counts its calls. */
function countingFetch(bodies: Record<string, string>): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fake = (input: string | URL | Request): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push(url);
    const body = bodies[url];
    return Promise.resolve(
      body === undefined ? new Response("no", { status: 404 }) : new Response(body),
    );
  };
  return { fetch: fake, calls };
}

describe("RemoteReferenceFetcher", () => {
  it("reads a reference file once per process and cache folder, whatever the number of fetchers", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-refs-"));
    try {
      const url = "https://payer.test/refs/1.json";
      const { fetch, calls } = countingFetch({ [url]: '{"provider_groups":[{"npi":[1]}]}' });
      const first = await new RemoteReferenceFetcher({ cacheDir: dir, fetch }).get(url);
      expect(first).toEqual({ ok: true, body: { provider_groups: [{ npi: [1] }] } });
      // The on-disk copy gone, a second file's fetcher still has it, without a request.
      await rm(join(dir, "provider-references"), { recursive: true });
      const second = await new RemoteReferenceFetcher({ cacheDir: dir, fetch }).get(url);
      expect(second).toEqual(first);
      expect(calls).toEqual([url]);
      // Another cache folder is another cache: fetched again.
      const other = join(dir, "other");
      await new RemoteReferenceFetcher({ cacheDir: other, fetch }).get(url);
      expect(calls).toEqual([url, url]);
      expect(await readdir(join(other, "provider-references"))).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("does not remember a failure: the next file's fetcher asks again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-refs-"));
    try {
      const url = "https://payer.test/refs/missing.json";
      const { fetch, calls } = countingFetch({});
      const options = { cacheDir: dir, fetch, retries: 0 };
      expect(await new RemoteReferenceFetcher(options).get(url)).toEqual({
        ok: false,
        reason: "HTTP 404",
      });
      await new RemoteReferenceFetcher(options).get(url);
      expect(calls).toEqual([url, url]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

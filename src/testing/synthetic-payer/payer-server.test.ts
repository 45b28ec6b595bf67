/**
 * The SYNTHETIC payer: its plan is seeded, its files hold what its manifest says (checked against an
 * independent JSON.parse count), its server keeps to each file's failure plan, and the existing
 * ingest stores exactly the manifest's rate rows per code per file when it reads them over HTTP.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFiles } from "../../ingest/ingest.js";
import { expectedCounts } from "../independent-counts.js";
import { Store } from "../../store/store.js";
import { attemptsToSucceed, planPayer } from "./payer-plan.js";
import { startSyntheticPayer, type SyntheticPayer } from "./payer-server.js";

let payer: SyntheticPayer;
beforeAll(async () => {
  payer = await startSyntheticPayer({ seed: 7, files: 100, medianBytes: 12_000 });
});
afterAll(async () => {
  await payer.close();
});

async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body?: Buffer; error?: string; headers: Headers }> {
  const response = await fetch(url, { headers });
  try {
    return {
      status: response.status,
      body: Buffer.from(await response.arrayBuffer()),
      headers: response.headers,
    };
  } catch (error) {
    return { status: response.status, error: String(error), headers: response.headers };
  }
}

function fileWith(
  predicate: (name: string, file: NonNullable<ReturnType<SyntheticPayer["fileAt"]>>) => boolean,
): string {
  const url = payer.fileUrls.find((candidate) => {
    const file = payer.fileAt(candidate);
    return file !== undefined && predicate(candidate, file);
  });
  if (url === undefined) throw new Error("no such file in the synthetic payer");
  return url;
}

describe("synthetic payer plan", () => {
  it("is the same for the same seed, lists 100 in-network files with every failure kind, and says Synthetic", () => {
    const plan = planPayer({ seed: 7, files: 100 });
    expect(planPayer({ seed: 7, files: 100 })).toEqual(plan);
    expect(planPayer({ seed: 8, files: 100 }).files).not.toEqual(plan.files);
    const inNetwork = plan.files.filter(
      (file) => file.kind === "in-network-rates" && file.duplicateOf === undefined,
    );
    expect(inNetwork).toHaveLength(100);
    for (const kind of [
      "missing",
      "error",
      "flaky",
      "drop-once",
      "drop-always",
      "truncated",
      "slow",
    ]) {
      expect(plan.files.some((file) => file.faultName === kind)).toBe(true);
    }
    for (const style of ["root", "remote", "inline"]) {
      expect(inNetwork.some((file) => file.references === style)).toBe(true);
    }
    expect(new Set(plan.files.map((file) => file.contentType))).toEqual(
      new Set(["application/gzip", "application/octet-stream", "application/json"]),
    );
    expect(
      plan.structures
        .flatMap((structure) => structure.plans)
        .every((p) => p.plan_name?.startsWith("Synthetic")),
    ).toBe(true);
  });
});

describe("synthetic payer server", () => {
  it("serves an index listing every file, on 127.0.0.1, naming the payer Synthetic", async () => {
    expect(payer.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, body, headers } = await get(payer.indexUrl);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/json");
    const index = JSON.parse(body?.toString("utf8") ?? "{}") as {
      reporting_entity_name: string;
      reporting_structure: {
        in_network_files: { location: string }[];
        allowed_amount_file: { location: string };
      }[];
    };
    expect(index.reporting_entity_name).toMatch(/^Synthetic /);
    const listed = new Set(
      index.reporting_structure.flatMap((s) => [
        ...s.in_network_files.map((f) => f.location),
        s.allowed_amount_file.location,
      ]),
    );
    expect([...listed].sort()).toEqual([...payer.fileUrls].sort());
    // Some files are listed by more than one structure (plans sharing a file).
    const mentions = index.reporting_structure.flatMap((s) =>
      s.in_network_files.map((f) => f.location),
    );
    expect(mentions.length).toBeGreaterThan(new Set(mentions).size);
  });

  it("answers HEAD with the type and length, and byte ranges with 206", async () => {
    const url = fileWith(
      (_, file) => file.faultName === "none" && file.contentType === "application/gzip",
    );
    const file = payer.fileAt(url);
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("application/gzip");
    expect(Number(head.headers.get("content-length"))).toBe(file?.bytes);
    const whole = await get(url);
    const tail = await get(url, { range: "bytes=10-" });
    expect(tail.status).toBe(206);
    expect(tail.body?.equals(whole.body?.subarray(10) ?? Buffer.alloc(0))).toBe(true);
    expect((await get(url, { range: `bytes=${(file?.bytes ?? 0) + 5}-` })).status).toBe(416);
  });

  it("keeps each file's failure plan: 404, 500, 503 twice then 200, a dropped body, a truncated body", async () => {
    payer.resetAttempts();
    expect((await get(fileWith((_, f) => f.faultName === "missing"))).status).toBe(404);
    expect((await get(fileWith((_, f) => f.faultName === "error"))).status).toBe(500);
    const flaky = fileWith((_, f) => f.faultName === "flaky");
    expect([
      (await get(flaky)).status,
      (await get(flaky)).status,
      (await get(flaky)).status,
    ]).toEqual([503, 503, 200]);
    expect(attemptsToSucceed(payer.fileAt(flaky) ?? payer.plan.files[0]!)).toBe(3);
    const dropped = fileWith((_, f) => f.faultName === "drop-once");
    const first = await get(dropped);
    expect(first.status).toBe(200);
    expect(first.error).toBeDefined();
    const second = await get(dropped);
    expect(second.body?.length).toBe(payer.fileAt(dropped)?.bytes);
    const truncated = fileWith((_, f) => f.faultName === "truncated");
    const cut = await get(truncated);
    expect(cut.status).toBe(200);
    expect(cut.body?.length).toBeLessThan(payer.fileAt(truncated)?.bytes ?? 0);
    expect(payer.gets.get(new URL(flaky).pathname)).toBe(3);
  });

  it("writes files whose content matches the manifest, by an independent count", async () => {
    const healthy = payer.fileUrls.filter((url) => payer.fileAt(url)?.faultName === "none");
    expect(healthy.length).toBeGreaterThan(80);
    for (const url of healthy) {
      const file = payer.fileAt(url);
      const { body } = await get(url);
      const text = (
        file?.compression === "gzip"
          ? gunzipSync(body ?? Buffer.alloc(0))
          : (body ?? Buffer.alloc(0))
      ).toString("utf8");
      const counts = expectedCounts(JSON.parse(text) as Record<string, unknown>);
      expect({ url, items: counts.items, rows: counts.rows }).toEqual({
        url,
        items: file?.items,
        rows: file?.rows,
      });
      expect(Buffer.byteLength(text)).toBe(file?.uncompressedBytes);
    }
    // Fan-out: some rates name many groups, most a few.
    const root = payer.manifest.files.find(
      (file) => file.references === "root" && file.faultName === "none" && file.prices > 50,
    );
    expect((root?.rows ?? 0) / (root?.prices ?? 1)).toBeGreaterThan(3);
  });
});

describe("two servers on one folder", () => {
  it("never rewrite each other's files: each serves its own whole, as its manifest says", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-payer-shared-"));
    try {
      // A server killed earlier left its origin folder: nothing listens on port 1.
      await mkdir(join(dir, "origins", "127.0.0.1-1", "files"), { recursive: true });
      const options = { seed: 7, files: 12, medianBytes: 12_000, dir, faults: false } as const;
      const first = await startSyntheticPayer(options);
      const second = await startSyntheticPayer(options);
      try {
        const remote = first.fileUrls.filter((url) => first.fileAt(url)?.references === "remote");
        expect(remote.length).toBeGreaterThan(0);
        for (const server of [first, second]) {
          for (const url of server.fileUrls) {
            const file = server.fileAt(url)!;
            const response = await get(url);
            expect(response.status, url).toBe(200);
            expect(response.body?.length, url).toBe(file.bytes);
            const sha256 = createHash("sha256").update(response.body!).digest("hex");
            expect(sha256, url).toBe(file.sha256);
          }
        }
        // The remote references of each name its own server.
        const own = async (server: SyntheticPayer, url: string): Promise<string> =>
          gunzipOrPlain((await get(url)).body!).includes(server.origin) ? "own" : "other";
        for (const url of remote) expect(await own(first, url)).toBe("own");
        const secondRemote = remote.map((url) => url.replace(first.origin, second.origin));
        for (const url of secondRemote) expect(await own(second, url)).toBe("own");
      } finally {
        await second.close();
        expect(await readdir(join(dir, "origins"))).toEqual([
          first.origin.replace("http://", "").replace(":", "-"),
        ]);
        await first.close();
      }
      expect(await readdir(join(dir, "origins"))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a folder an earlier version wrote", () => {
  it("is reused: its files without a path are taken from files/", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-payer-earlier-"));
    try {
      const options = { seed: 7, files: 12, medianBytes: 12_000, dir, faults: false } as const;
      await (await startSyntheticPayer(options)).close();
      const cachePath = join(dir, "written.json");
      const entries = JSON.parse(await readFile(cachePath, "utf8")) as {
        file: { path?: string; name: string; references: string };
      }[];
      for (const entry of entries) delete entry.file.path;
      await writeFile(cachePath, JSON.stringify(entries));
      const local = entries.find((entry) => entry.file.references !== "remote")!.file.name;
      const before = (await stat(join(dir, "files", local))).mtimeMs;
      const again = await startSyntheticPayer(options);
      try {
        expect((await stat(join(dir, "files", local))).mtimeMs).toBe(before);
        const url = again.fileUrls.find((candidate) => candidate.endsWith(`/${local}`))!;
        expect((await get(url)).body?.length).toBe(again.fileAt(url)!.bytes);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function gunzipOrPlain(body: Buffer): string {
  return (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString("utf8");
}

describe("the existing ingest over HTTP", () => {
  it("stores exactly the manifest's rate rows per code for root, remote, inline and allowed-amount files", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "ratelens-synthetic-ingest-"));
    const store = await Store.memory();
    try {
      // application/gzip is taken for zip by today's open-input (issue #12); the ingest rework fixes it.
      const pick = (style: string): string =>
        fileWith(
          (_, f) =>
            f.faultName === "none" &&
            f.references === style &&
            f.contentType !== "application/gzip" &&
            f.duplicateOf === undefined,
        );
      const urls = [pick("root"), pick("remote"), pick("inline"), pick("none")];
      const summaries = await ingestFiles(store, urls, {
        workers: 0,
        cacheDir,
        synthetic: true,
        remote: { retries: 0 },
      });
      expect(summaries.map((summary) => summary.status)).toEqual([
        "ingested",
        "ingested",
        "ingested",
        "ingested",
      ]);
      for (const [index, url] of urls.entries()) {
        const file = payer.fileAt(url);
        const summary = summaries[index];
        expect(summary?.rows).toBe(file?.rows);
        expect(summary?.unresolvedReferences).toBe(file?.unresolvedReferences);
        const table = file?.kind === "allowed-amounts" ? "allowed_amounts" : "rates";
        const stored = await store.withConnection(async (connection) => {
          const reader = await connection.runAndReadAll(
            `SELECT billing_code, count(*)::INTEGER AS n FROM ${table} WHERE file_id = $1 GROUP BY 1`,
            [summary?.fileId ?? -1],
          );
          return Object.fromEntries(
            reader.getRowObjects().map((row) => [String(row.billing_code), Number(row.n)]),
          );
        });
        expect(stored).toEqual(file?.rowsByCode);
      }
    } finally {
      store.close();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});

/**
 * Hospital files that are not plain local files: a zip archive (each entry on its own, a note beside
 * the CSV skipped), a URL (gzip recognised by its bytes whatever the Content-Type), standard input;
 * inputs that are not hospital files handed on to the TiC ingest (stdin replayed byte for byte);
 * errors naming the location the user gave; and progress through the injected reporter.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InputError } from "../../errors.js";
import { Store } from "../../store/store.js";
import type { ProgressOptions, ProgressReporter, ProgressUpdate } from "../progress-reporter.js";
import { countCsv } from "./independent-count.js";
import { ingestHospitalFile } from "./ingest-hospital-file.js";
import { ingestHospitalInputs, routeHospitalInputs } from "./route-hospital-inputs.js";

const FIXTURES = join(import.meta.dirname, "../../sources/hpt/fixtures");
const CSV = join(FIXTURES, "examples/v3.0-tall.csv");
const JSON_FILE = join(FIXTURES, "examples/v3.0.json");
const ZIP = join(FIXTURES, "zipped/v3.0-tall-with-readme.zip");
const sha = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

let store: Store;
beforeEach(async () => {
  store = await Store.memory();
});
afterEach(() => {
  store.close();
});

/** A fetch that serves fixed bytes per URL with a given Content-Type, 404 otherwise. */
function serve(files: Record<string, { body: Buffer; type: string }>): typeof fetch {
  return (input) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const file = files[url];
    return Promise.resolve(
      file === undefined
        ? new Response("not found", { status: 404 })
        : new Response(new Uint8Array(file.body), {
            status: 200,
            headers: { "content-type": file.type, "content-length": String(file.body.length) },
          }),
    );
  };
}

describe("routeHospitalInputs", () => {
  it("loads the CSV inside a zip as ZIP#entry, with the entry's counts, and skips the note", async () => {
    const routed = await routeHospitalInputs([ZIP]);
    try {
      expect(routed.hospital.map((h) => h.location)).toEqual([`${ZIP}#v3.0-tall.csv`]);
      expect(routed.skipped).toEqual([`${ZIP}#README.txt`]);
      expect(routed.other).toEqual([]);
      const [result] = await ingestHospitalInputs(store, routed.hospital);
      const expected = countCsv(CSV);
      expect(result?.location).toBe(`${ZIP}#v3.0-tall.csv`);
      expect(result?.records).toBe(expected.records);
      expect(result?.charges).toBe(expected.rows);
      expect(result?.errors).toBe(0);
    } finally {
      await routed.cleanup();
    }
  });

  it("leaves no timer running once it has read a URL's first bytes (the process could not exit for 60 s)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const url = "https://payer.example/in-network.json";
      const body = Buffer.from(
        `{"reporting_entity_name":"Payer","in_network":[${"1,".repeat(50_000)}1]}`,
      );
      // Served in small chunks, as a network sends it: the check stops reading after the first.
      const chunked: typeof fetch = () =>
        Promise.resolve(
          new Response(
            new ReadableStream<Uint8Array>({
              start(controller) {
                for (let at = 0; at < body.length; at += 16_384) {
                  controller.enqueue(new Uint8Array(body.subarray(at, at + 16_384)));
                }
                controller.close();
              },
            }),
            { status: 200, headers: { "content-type": "application/json" } },
          ),
        );
      const routed = await routeHospitalInputs([url], {
        fetch: chunked,
        download: { retries: 0 },
      });
      try {
        expect(routed.other).toEqual([url]);
        // The download's idle timeout (60 s) must not outlive the look at the first bytes.
        expect(vi.getTimerCount()).toBe(0);
      } finally {
        await routed.cleanup();
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("downloads a gzip hospital file served as application/octet-stream, hashes the stored bytes, and leaves a TiC URL alone", async () => {
    const gz = gzipSync(readFileSync(JSON_FILE));
    const fetcher = serve({
      "https://hospital.example/prices.json": { body: gz, type: "application/octet-stream" },
      "https://payer.example/in-network.json": {
        body: Buffer.from('{"reporting_entity_name":"Payer","in_network":[]}'),
        type: "application/json",
      },
    });
    const routed = await routeHospitalInputs(
      ["https://hospital.example/prices.json", "https://payer.example/in-network.json"],
      { fetch: fetcher, download: { retries: 0 } },
    );
    try {
      expect(routed.other).toEqual(["https://payer.example/in-network.json"]);
      expect(routed.hospital.map((h) => h.location)).toEqual([
        "https://hospital.example/prices.json",
      ]);
      expect(routed.hospital[0]?.sha256).toBe(sha(gz));
      const [result] = await ingestHospitalInputs(store, routed.hospital);
      expect(result?.sha256).toBe(sha(gz));
      expect(result?.records).toBeGreaterThan(0);
      expect(result?.errors).toBe(0);
      const direct = await ingestHospitalFile(await Store.memory(), JSON_FILE);
      expect(result?.records).toBe(direct.records);
      expect(result?.charges).toBe(direct.charges);
    } finally {
      await routed.cleanup();
    }
  });

  it("reads a hospital file from stdin as '-', and replays a TiC stdin byte for byte", async () => {
    const bytes = readFileSync(CSV);
    const routed = await routeHospitalInputs(["-"], {
      stdin: Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
    });
    try {
      const [result] = await ingestHospitalInputs(store, routed.hospital);
      expect(result?.location).toBe("-");
      expect(result?.sha256).toBe(sha(bytes));
      expect(result?.records).toBe(countCsv(CSV).records);
    } finally {
      await routed.cleanup();
    }
    const tic = `{"reporting_entity_name":"Payer","in_network":[${"1,".repeat(40_000)}1]}`;
    const other = await routeHospitalInputs(["-"], { stdin: Readable.from([Buffer.from(tic)]) });
    expect(other.other).toEqual(["-"]);
    expect(await text(other.stdin!)).toBe(tic);
    await other.cleanup();
  });

  it("names the location the user gave when a piped or downloaded file is unusable", async () => {
    const broken = Buffer.from("hospital_name,last_updated_on,version\n");
    const routed = await routeHospitalInputs(["-"], { stdin: Readable.from([broken]) });
    try {
      const failure = await ingestHospitalInputs(store, routed.hospital).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(InputError);
      expect((failure as InputError).file).toBe("-");
      expect((failure as InputError).message).toMatch(/^- \(line 2\): .*two header lines/);
    } finally {
      await routed.cleanup();
    }
    // A URL that cannot be fetched goes to the TiC ingest, which reports it as that file's failure.
    const unreachable = await routeHospitalInputs(["https://hospital.example/missing.csv"], {
      fetch: serve({}),
      download: { retries: 0 },
    });
    try {
      expect(unreachable.other).toEqual(["https://hospital.example/missing.csv"]);
      expect(unreachable.hospital).toEqual([]);
    } finally {
      await unreachable.cleanup();
    }
  });
});

describe("hospital ingest progress", () => {
  it("reports uncompressed and stored bytes, items and charge rows, and finishes", async () => {
    const plain = readFileSync(CSV);
    const started: ProgressOptions[] = [];
    const updates: ProgressUpdate[] = [];
    const finals: (ProgressUpdate | undefined)[] = [];
    const reporter: ProgressReporter = {
      start: (options) => {
        started.push(options);
        return {
          update: (u) => updates.push(u),
          finish: (final) => finals.push(final),
          abort: () => undefined,
        };
      },
      log: () => undefined,
    };
    const routed = await routeHospitalInputs(["-"], {
      stdin: Readable.from([gzipSync(plain)]),
    });
    try {
      const [result] = await ingestHospitalInputs(store, routed.hospital, { reporter });
      expect(started).toHaveLength(1);
      expect(started[0]?.label).toBe("-");
      expect(finals).toHaveLength(1);
      const final = finals[0]!;
      expect(final.bytes).toBe(plain.length);
      expect(final.rawBytes).toBe(gzipSync(plain).length);
      expect(final.items).toBe(result?.records);
      expect(final.rows).toBe(result?.charges);
    } finally {
      await routed.cleanup();
    }
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, UsageError } from "../errors.js";
import { signBody } from "../present/webhook/post-webhook.js";
import type { AlertReport } from "../rules/alerts/alert-types.js";
import { ingestFiles } from "../ingest/ingest.js";
import { Store } from "../store/store.js";
import { goldenPath, readGolden } from "../testing/golden.js";
import { writeSyntheticReleases } from "../testing/synthetic-releases.js";
import command from "./alerts-command.js";

const SAMPLE = fileURLToPath(new URL("../../data/samples/watch.synthetic.json", import.meta.url));
const GOLDEN = goldenPath(import.meta.url, "alerts-sample-watch.txt");

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  let text = "";
  stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const code = await command.run(args, {
    stdout,
    stderr: new PassThrough(),
    interactive: false,
    env: {},
  });
  return { code, stdout: text };
}

describe("ratelens alerts with the sample watch file", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ratelens-alerts-"));
    const generated = await writeSyntheticReleases(join(dir, "files"));
    db = join(dir, "alerts.duckdb");
    const store = await Store.open(db);
    try {
      await ingestFiles(store, [...generated.fromFiles, ...generated.toFiles], {
        offline: true,
        synthetic: true,
        workers: 0,
      });
    } finally {
      store.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const when = ["--today", "2024-08-20", "--since", "2024-08-01"];

  it("reports rate moves with dollars on the volumes, the rate-type change and the Medicare policy that took effect", async () => {
    const report = JSON.parse(
      (await run(["--watch", SAMPLE, "--db", db, "--json", ...when])).stdout,
    ) as AlertReport;
    const kinds = report.alerts.map((alert) => `${alert.kind} ${alert.codes.join(",")}`);
    expect(kinds).toContain("rate-type 64633");
    expect(kinds).toContain("providers-changed 64490");
    const move = report.alerts.find(
      (alert) => alert.kind === "rate-move" && alert.codes[0] === "64491",
    );
    const summary = move?.details?.summary as { oldMedianRate: number; newMedianRate: number };
    expect(move?.dollarEffect).toBeCloseTo(
      310 * (summary.newMedianRate - summary.oldMedianRate),
      6,
    );
    expect(
      move?.source.kind === "files" &&
        move.source.files.every((file) => /^[0-9a-f]{64}$/.test(file.sha256)),
    ).toBe(true);
    const policy = report.alerts.find((alert) => alert.kind === "policy-in-effect");
    expect(policy?.source).toMatchObject({
      kind: "policy",
      payer: "medicare",
      effective: "2024-08-05",
    });
    expect(policy?.message).toMatch(/opd-prior-authorization changed/);
    expect(report.alerts.every((alert) => alert.synthetic)).toBe(true);
    // Aetna's only version (2026-01-01) is neither due within 30 days nor newly in effect.
    expect(
      report.alerts.some(
        (alert) => alert.source.kind === "policy" && alert.source.payer === "aetna",
      ),
    ).toBe(false);
  });

  it("prints text (golden file) and an upcoming policy when it is within policyDaysAhead", async () => {
    const { stdout } = await run(["--watch", SAMPLE, "--db", db, ...when]);
    const stable = stdout.replaceAll(dir, "<tmp>").replace(SAMPLE, "<sample>");
    expect(stable).toBe(await readGolden(GOLDEN, stable));
    const ahead = JSON.parse(
      (await run(["--watch", SAMPLE, "--db", db, "--json", "--today", "2025-12-10"])).stdout,
    ) as AlertReport;
    expect(ahead.alerts.find((alert) => alert.kind === "policy-upcoming")?.source).toMatchObject({
      payer: "aetna",
      effective: "2026-01-01",
    });
  });

  it("POSTs the report to a webhook, signed with the secret", async () => {
    const received: { body: string; signature: string }[] = [];
    const server: Server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push({ body, signature: String(request.headers["x-ratelens-signature"]) });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await run([
        "--watch",
        SAMPLE,
        "--db",
        db,
        ...when,
        "--webhook",
        `http://127.0.0.1:${String(port)}/`,
        "--secret",
        "k",
      ]);
      expect(received).toHaveLength(1);
      expect(received[0]?.signature).toBe(signBody(received[0]?.body ?? "", "k"));
      expect((JSON.parse(received[0]?.body ?? "{}") as AlertReport).alerts.length).toBeGreaterThan(
        3,
      );
    } finally {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });

  it("remembers the last run in --state: a policy in effect is announced once", async () => {
    const state = join(dir, "alerts-state.json");
    const first = JSON.parse(
      (
        await run([
          "--watch",
          SAMPLE,
          "--db",
          db,
          "--json",
          "--state",
          state,
          "--today",
          "2024-08-06",
        ])
      ).stdout,
    ) as AlertReport;
    expect(first.since).toBe("2024-07-07");
    expect(first.alerts.some((alert) => alert.kind === "policy-in-effect")).toBe(true);
    const second = JSON.parse(
      (
        await run([
          "--watch",
          SAMPLE,
          "--db",
          db,
          "--json",
          "--state",
          state,
          "--today",
          "2024-08-20",
        ])
      ).stdout,
    ) as AlertReport;
    expect(second.since).toBe("2024-08-06");
    expect(second.alerts.some((alert) => alert.kind === "policy-in-effect")).toBe(false);
  });

  it("rejects a bad watch file with its JSON path, and bad flags", async () => {
    const bad = join(dir, "bad-watch.json");
    await writeFile(
      bad,
      JSON.stringify({ codes: ["64490"], payers: ["x"], thresholds: { medianMovePercent: -1 } }),
    );
    await expect(run(["--watch", bad, "--db", db])).rejects.toThrow(
      /\$\.thresholds\.medianMovePercent/,
    );
    await expect(run(["--watch", bad, "--db", db])).rejects.toBeInstanceOf(InputError);
    await expect(run(["--db", db])).rejects.toBeInstanceOf(UsageError);
    await expect(
      run(["--watch", SAMPLE, "--webhook", "http://127.0.0.1:1/"]),
    ).rejects.toBeInstanceOf(UsageError);
  });
});

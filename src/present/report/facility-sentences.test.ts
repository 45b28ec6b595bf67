import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { BenchmarkResult, GroupBenchmark } from "../../analyze/benchmark/benchmark-types.js";
import { facilityPaymentsFor } from "../../analyze/facility/facility-payments.js";
import { facilitySentences } from "./facility-sentences.js";

async function withInstitutional(mean: number): Promise<BenchmarkResult> {
  const url = new URL("fixtures/publication-64491-real-and-synthetic-payers.json", import.meta.url);
  const result = (
    JSON.parse(await readFile(url, "utf8")) as { parts: { benchmark: BenchmarkResult } }
  ).parts.benchmark;
  const base = result.groups![0]!;
  const institutional: GroupBenchmark = {
    ...base,
    billingClass: "institutional",
    facilityClass: "facility",
    modifiers: "",
    stats: { ...base.stats, count: 12, mean },
  };
  return { ...result, groups: [...result.groups!, institutional] };
}

describe("facilitySentences", () => {
  it("says what institutional rates on an add-on mean: Medicare packages the code, no facility payment", async () => {
    const result = await withInstitutional(300.5);
    const [sentence] = facilitySentences("64491", result, await facilityPaymentsFor("64491", true));
    expect(sentence).toMatch(/^Medicare pays no separate facility amount for 64491: .*packaged/);
    expect(sentence).toContain("12 rates, average $300.50");
    expect(sentence).not.toMatch(/% of/);
  });

  it("compares pooled institutional rates with the OPPS rate: mean / rate", async () => {
    const result = await withInstitutional(1355.45);
    const [sentence] = facilitySentences(
      "64493",
      result,
      await facilityPaymentsFor("64493", false),
    );
    expect(sentence).toContain("$903.63 (APC 5443, status T)");
    expect(sentence).toContain("the ASC rate is $485.51");
    expect(sentence).toContain("average $1,355.45, 150 % of the OPPS rate");
  });

  it("says nothing without facility payment data", () => {
    expect(facilitySentences("64493", null, undefined)).toEqual([]);
  });
});

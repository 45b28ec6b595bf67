import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFacilityPayments } from "../../sources/reference/parse-facility-payments.js";
import { facilityPaymentsFor } from "./facility-payments.js";

describe("facilityPaymentsFor", () => {
  it("gives 64493 its OPPS APC rate and its ASC rate (July 2026)", async () => {
    const [opps, asc] = await facilityPaymentsFor("64493", false);
    expect(opps).toMatchObject({
      setting: "opps",
      status: "paid",
      indicator: "T",
      apc: "5443",
      rate: 903.63,
      year: 2026,
    });
    expect(asc).toMatchObject({ setting: "asc", status: "paid", indicator: "G2", rate: 485.51 });
    expect(opps!.source.file).toMatch(/secondary/);
  });

  it("shows the add-on 64491 as packaged, with no dollar figure", async () => {
    const payments = await facilityPaymentsFor("64491", true);
    expect(payments.map((payment) => [payment.status, payment.indicator, payment.rate])).toEqual([
      ["packaged", "N", null],
      ["packaged", "N1", null],
    ]);
  });

  it("says a non-add-on code absent from the files has no separate payment, not a guessed one", async () => {
    const payments = await facilityPaymentsFor("99213", false);
    expect(
      payments.every((payment) => payment.status === "not-payable" && payment.rate === null),
    ).toBe(true);
  });
});

describe("readFacilityPayments", () => {
  it("names the file and line of a bad row", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-opps-"));
    try {
      const file = join(dir, "opps.csv");
      await writeFile(
        file,
        "hcpcs,status_indicator,apc,payment_rate\n64493,T,5443,903.63\n64490,T,5443,lots\n",
      );
      const rows: string[] = [];
      await expect(
        (async () => {
          for await (const row of readFacilityPayments(file)) rows.push(row.code);
        })(),
      ).rejects.toThrow(`${file} (line 3)`);
      expect(rows).toEqual(["64493"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

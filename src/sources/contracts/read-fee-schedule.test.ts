import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { readFeeScheduleTable } from "./read-fee-schedule.js";

describe("readFeeScheduleTable", () => {
  it("reads CSV with its line numbers and a workbook's first sheet with its row numbers", async () => {
    expect(
      await readFeeScheduleTable("a.csv", 'payer,code\n"Aetna, Inc.",64493\n\nCigna,64490'),
    ).toEqual([
      { row: 1, cells: ["payer", "code"] },
      { row: 2, cells: ["Aetna, Inc.", "64493"] },
      { row: 4, cells: ["Cigna", "64490"] },
    ]);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Fees");
    sheet.addRow(["payer", "code", "rate"]);
    sheet.getRow(3).values = ["Aetna", 64493, { formula: "100*2", result: 200 }];
    const rows = await readFeeScheduleTable(
      "b.xlsx",
      new Uint8Array(await book.xlsx.writeBuffer()),
    );
    expect(rows).toEqual([
      { row: 1, cells: ["payer", "code", "rate"] },
      { row: 3, cells: ["Aetna", "64493", "200"] },
    ]);
  });
  it("names the file when a workbook cannot be read", async () => {
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    await expect(readFeeScheduleTable("broken.xlsx", broken)).rejects.toThrow(InputError);
    await expect(readFeeScheduleTable("broken.xlsx", broken)).rejects.toThrow(
      /broken\.xlsx.*not a readable \.xlsx/,
    );
  });
});

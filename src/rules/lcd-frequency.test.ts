import { describe, expect, it } from "vitest";
import { lcdFrequency } from "./lcd-frequency.js";
import { claim, line, runRule } from "../testing/rule-test-kit.js";

const rfa = (date: string) => claim({ id: date, dateOfService: date, lines: [line("64635-50")] });

describe("lcdFrequency", () => {
  it("warns on a third RF ablation of one region within 12 months", () => {
    const findings = runRule(lcdFrequency, rfa("2025-03-10"), {
      history: [rfa("2024-06-01"), rfa("2024-12-01")],
    });
    expect(findings).toMatchObject([{ severity: "warning", path: "dateOfService" }]);
    expect(findings[0]!.fix).toContain("2025-06-01");
  });
  it("warns on a fifth diagnostic (KX) session", () => {
    const dx = (date: string) =>
      claim({ id: date, dateOfService: date, lines: [line("64493-KX")] });
    expect(
      runRule(lcdFrequency, dx("2025-03-10"), {
        history: ["2024-05-01", "2024-07-01", "2024-09-01", "2024-11-01"].map(dx),
      }),
    ).toHaveLength(1);
  });
  it("accepts sessions older than 12 months, other regions, and later claims", () => {
    expect(
      runRule(lcdFrequency, rfa("2025-03-10"), { history: [rfa("2023-06-01"), rfa("2024-01-01")] }),
    ).toEqual([]);
    const cervical = claim({ id: "c", dateOfService: "2024-12-01", lines: [line("64633")] });
    expect(
      runRule(lcdFrequency, rfa("2025-03-10"), {
        history: [rfa("2024-06-01"), cervical, rfa("2025-05-01")],
      }),
    ).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { monthInName, monthOfDate, planFromName, releaseMonth } from "./release-month.js";

describe("releaseMonth", () => {
  it("reads last_updated_on first, in ISO or US form", () => {
    expect(releaseMonth("2026-05-01", "2026-04-01", "2026-03_x.json")).toEqual({
      month: "2026-05",
      source: "last_updated_on",
    });
    expect(monthOfDate("05/01/2026")).toBe("2026-05");
    expect(monthOfDate("2026-5")).toBe("2026-05");
  });
  it("falls back to the index date, then the file name, then says unknown", () => {
    expect(releaseMonth("last month", "2026-04-20", "x.json")).toEqual({
      month: "2026-04",
      source: "index",
    });
    expect(releaseMonth(null, null, "https://h.example/files/2026-03-01_acme_ppo.json.gz")).toEqual(
      { month: "2026-03", source: "file-name" },
    );
    expect(releaseMonth(null, null, "20260201_acme.json")).toEqual({
      month: "2026-02",
      source: "file-name",
    });
    expect(releaseMonth("2026-13-01", null, "acme.json")).toEqual({
      month: null,
      source: "unknown",
    });
  });
  it("ignores dates in folders and numbers that are not months", () => {
    expect(monthInName("/data/2026-05/acme.json")).toBeNull();
    expect(monthInName("acme_1234567890.json")).toBeNull();
  });
  it("keys a plan by its file name without dates or extensions", () => {
    expect(planFromName("/x/2026-05-01_Acme-PPO_in-network.json.gz")).toBe("acme ppo in network");
    expect(planFromName("/x/2026-06-01_Acme-PPO_in-network.json.gz")).toBe("acme ppo in network");
  });
});

import { describe, expect, it } from "vitest";
import type { CrosscheckResult } from "../../analyze/crosscheck/crosscheck-types.js";
import { renderCrosscheckPage } from "./crosscheck-page.js";

const result: CrosscheckResult = {
  tolerance: 0.01,
  summary: { agree: 0, differ: 1, "payer-missing": 0, "hospital-missing": 0 },
  payersWithoutTicFile: ["Local <Plan>"],
  synthetic: true,
  rows: [
    {
      status: "differ",
      payer: "Aetna",
      hospital: { fileId: 1, name: "SYNTHETIC SURGERY CENTER 1", ein: "910000000", npis: [] },
      code: "64493",
      setting: "outpatient",
      unit: "dollars",
      hospitalValues: [
        {
          value: 450,
          plan: "PPO",
          payerName: "Aetna",
          location: "h.json",
          sha256: "a".repeat(64),
          position: "$.standard_charge_information[0]",
          synthetic: true,
        },
      ],
      payerValues: [
        {
          value: 400,
          location: "aetna.json.gz",
          sha256: "b".repeat(64),
          position: "in_network[3].negotiated_rates[0].negotiated_prices[0]",
          reportingEntity: "Aetna",
          tin: "910000000",
          npi: null,
          setting: "outpatient",
          synthetic: true,
        },
      ],
      difference: 50,
    },
  ],
};

describe("renderCrosscheckPage", () => {
  it("shows both values with their sources, labels synthetic data and escapes names", () => {
    const html = renderCrosscheckPage(result);
    expect(html).toContain("synthetic-banner");
    expect(html).toMatch(/Differ <span class="synthetic-marker">SYNTHETIC<\/span>/);
    expect(html).toContain("$450.00");
    expect(html).toContain("$400.00");
    expect(html).toContain("in_network[3].negotiated_rates[0].negotiated_prices[0]");
    expect(html).toContain("$50.00");
    expect(html).toContain("Local &lt;Plan&gt;");
  });
  it("says so when there is nothing to compare", () => {
    expect(
      renderCrosscheckPage({ ...result, rows: [], synthetic: false, payersWithoutTicFile: [] }),
    ).toMatch(/Nothing to compare/);
  });
});

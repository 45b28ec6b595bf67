import { describe, expect, it } from "vitest";
import { medicareQuote } from "../analyze/medicare/medicare-quote.js";
import { loadBundledReferenceData } from "../analyze/reference/load-reference-data.js";
import { medicareAnswer } from "./medicare-answer.js";

describe("the API's Medicare answer goes through the one Medicare query", () => {
  it("gives the same amount and notes as ratelens medicare (medicareQuote) for 64491", async () => {
    const ref = await loadBundledReferenceData();
    const answer = medicareAnswer(ref, { code: "64491", year: 2025, setting: "nonfacility" });
    const quote = medicareQuote(ref, { code: "64491", year: 2025, setting: "nonfacility" });
    expect(quote.kind).toBe("priced");
    expect(answer.rows[0]).toMatchObject({
      status: "priced",
      amount: quote.amount,
      notes: quote.notes,
    });
  });

  it("says a contractor-priced code (status C, 64999) is not priced, with the CLI's reason", async () => {
    const ref = await loadBundledReferenceData();
    const answer = medicareAnswer(ref, { code: "64999", year: 2025, setting: "nonfacility" });
    const quote = medicareQuote(ref, { code: "64999", year: 2025, setting: "nonfacility" });
    expect(quote.kind).toBe("not-priced");
    expect(answer.rows[0]?.status).toBe("not-priced");
    expect(answer.rows[0]?.message).toBe(quote.kind === "not-priced" ? quote.message : "");
  });
});

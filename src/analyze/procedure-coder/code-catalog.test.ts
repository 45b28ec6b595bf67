import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../codes/code-catalogue.js";
import { CODE_CATALOG } from "./code-catalog.js";

const REGION = {
  "cervical/thoracic": "cervical-thoracic",
  thoracic: "cervical-thoracic",
  "lumbar/sacral": "lumbar-sacral",
  any: undefined,
} as const;

describe("the coder's code facts and the code reference", () => {
  it("know every curated code, with the same description, kind and region", () => {
    for (const curated of CATALOGUE) {
      const facts = CODE_CATALOG.get(curated.code);
      expect(facts, curated.code).toBeDefined();
      expect(facts?.description, curated.code).toBe(curated.description);
      expect(facts?.region, curated.code).toBe(REGION[curated.region]);
      if (curated.kind === "primary" || curated.kind === "add-on") {
        expect(facts?.role, curated.code).toBe(curated.kind);
      }
    }
  });

  it("describe every code in plain words of their own (no empty description)", () => {
    for (const facts of CODE_CATALOG.values()) {
      expect(facts.description.length, facts.code).toBeGreaterThan(10);
    }
  });
});

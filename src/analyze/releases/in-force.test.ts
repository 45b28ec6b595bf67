import { describe, expect, it } from "vitest";
import { mapPayer } from "../../normalize/payers/map-payer.js";
import { inForce, type PlacedFile } from "./list-releases.js";

const file = (
  id: string,
  entity: string,
  plan: string,
  month: string | null,
  synthetic = false,
): PlacedFile & { id: string } => ({ id, payer: mapPayer(entity), plan, month, synthetic });

const FILES = [
  file("aetna-ppo-05", "Aetna Life Insurance Company", "ppo", "2026-05"),
  file("aetna-ppo-06", "Aetna Life Insurance Company", "ppo", "2026-06"),
  file("aetna-hmo-04", "Aetna Life Insurance Company", "hmo", "2026-04"),
  file("cigna-ppo-06a", "Cigna Health and Life Insurance Company", "ppo", "2026-06"),
  file("cigna-ppo-06b", "Cigna Health and Life Insurance Company", "ppo", "2026-06"),
  file("cigna-ppo-undated", "Cigna Health and Life Insurance Company", "old ppo", null),
  file("aetna-ppo-05-synthetic", "Aetna Life Insurance Company", "ppo", "2026-05", true),
];
const ids = (files: readonly { id: string }[]): string[] => files.map((f) => f.id).sort();

describe("inForce(files, month)", () => {
  it("keeps each payer × plan's latest release (every file of it), synthetic files apart", () => {
    expect(ids(inForce(FILES, null))).toEqual([
      "aetna-hmo-04",
      "aetna-ppo-05-synthetic",
      "aetna-ppo-06",
      "cigna-ppo-06a",
      "cigna-ppo-06b",
      "cigna-ppo-undated",
    ]);
  });
  it("as of a month: the latest on or before it, a plan not republished carried forward, undated left out", () => {
    expect(ids(inForce(FILES, "2026-05"))).toEqual([
      "aetna-hmo-04",
      "aetna-ppo-05",
      "aetna-ppo-05-synthetic",
    ]);
    expect(inForce(FILES, "2026-03")).toEqual([]);
  });
});

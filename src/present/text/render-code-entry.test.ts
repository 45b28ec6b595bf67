import { describe, expect, it } from "vitest";
import { getCodeEntry } from "../../analyze/codes/get-code-entry.js";
import { loadBundledReferenceData } from "../../analyze/reference/load-reference-data.js";
import { renderCodeEntry } from "./render-code-entry.js";

describe("renderCodeEntry(entry): `ratelens code`", () => {
  it("does not read as permission to unbundle 77003 from 64491 with 59/XS (agrees with the publication)", async () => {
    const ref = await loadBundledReferenceData();
    const text = renderCodeEntry(getCodeEntry(ref, "64491"));
    const line = text
      .split("\n")
      .find((row) => row.trim().startsWith("77003 is bundled into 64491"));
    expect(line).toBeDefined();
    expect(line).toContain("allowed only when 77003 is a separate, distinct service");
    expect(line).toContain("never to bill what 64491 already includes");
    expect(text).not.toContain("when the services are distinct");
  });

  it("names the column-1 code when the entry's own code is the bundled one (77003 into 64491)", async () => {
    const ref = await loadBundledReferenceData();
    const text = renderCodeEntry(getCodeEntry(ref, "77003"));
    expect(text).toContain("77003 is bundled into 64491");
    expect(text).not.toContain("when the services are distinct");
  });
});

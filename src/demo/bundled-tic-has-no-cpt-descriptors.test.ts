import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// CPT descriptors are AMA-copyrighted: the bundled real payer files keep codes and rates, and
// their items' `description` fields are blanked (data/SOURCES.md says how).
const bundled = fileURLToPath(
  new URL("../../data/tic/carefirst-in-network-2022.json.gz", import.meta.url),
);

interface Item {
  billing_code: string;
  description?: string;
}

describe("bundled CareFirst file", () => {
  it("carries codes but no CPT short descriptors", async () => {
    const file = JSON.parse(gunzipSync(await readFile(bundled)).toString("utf8")) as {
      in_network: Item[];
    };
    expect(file.in_network).toHaveLength(1773);
    const described = file.in_network.filter((item) => (item.description ?? "") !== "");
    expect(described.map((item) => item.billing_code)).toEqual([]);
    expect(file.in_network.some((item) => item.billing_code === "64491")).toBe(true);
  });
});

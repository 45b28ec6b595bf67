import { mkdtemp, writeFile } from "node:fs/promises";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { InputError, NotFoundError, UsageError } from "../../errors.js";
import { loadMarketGeography } from "./market-geography.js";
import { marketText, parseMarket } from "./parse-market.js";
import { resolveMarket } from "./resolve-market.js";

describe("parseMarket", () => {
  it("reads every market kind and normalises it", () => {
    expect(parseMarket("national")).toEqual({ kind: "national" });
    expect(parseMarket("state:md,va")).toEqual({ kind: "state", values: ["MD", "VA"] });
    expect(marketText(parseMarket(" locality: 01182-18 "))).toBe("locality:01182-18");
    expect(parseMarket("cbsa:12580")).toEqual({ kind: "cbsa", values: ["12580"] });
    expect(parseMarket("zip:21201,21202,21201")).toEqual({
      kind: "zip",
      values: ["21201", "21202"],
    });
    expect(parseMarket("file:my-market.txt")).toEqual({ kind: "file", path: "my-market.txt" });
  });

  it("refuses malformed markets, and files where asked", () => {
    expect(() => parseMarket("Baltimore")).toThrow(UsageError);
    expect(() => parseMarket("metro:12580")).toThrow(/not a market kind/);
    expect(() => parseMarket("locality:0118218")).toThrow(/not a valid locality/);
    expect(() => parseMarket("zip:2120")).toThrow(UsageError);
    expect(() => parseMarket("file:x.txt", { allowFile: false })).toThrow(/command line only/);
  });
});

describe("resolveMarket (bundled CMS, HUD and OMB files)", () => {
  it("places ZIPs by locality, county, CBSA and state", async () => {
    const geo = await loadMarketGeography();
    // Spot checks from data/reference/SOURCES.md: 21201 → 12302-01 (Baltimore), 90210 → 01182-18.
    expect(geo.zips.get("21201")).toMatchObject({
      state: "MD",
      macLocality: "12302-01",
      county: "24510",
      cbsa: "12580",
    });
    expect(geo.zips.get("90210")?.macLocality).toBe("01182-18");
    const cbsa = await resolveMarket(parseMarket("cbsa:12580"), geo);
    expect(cbsa.label).toBe("CBSA 12580 Baltimore-Columbia-Towson, MD");
    expect(cbsa.zips).toContain("21201");
    expect(cbsa.zips).toContain("21204"); // Towson, Baltimore County
    expect(cbsa.zips).not.toContain("20001"); // Washington, DC
    // Every ZIP of the CBSA sits in one of its seven counties (OMB List 1).
    const counties = new Set(["24003", "24005", "24013", "24025", "24027", "24035", "24510"]);
    expect(cbsa.zips?.every((zip) => counties.has(geo.zips.get(zip)?.county ?? ""))).toBe(true);
    const county = await resolveMarket(parseMarket("county:24005"), geo);
    expect(county.zips?.every((zip) => cbsa.zips?.includes(zip))).toBe(true);
    const locality = await resolveMarket(parseMarket("locality:12302-01"), geo);
    expect(locality.localities).toEqual(["12302-01"]);
    const state = await resolveMarket(parseMarket("state:MD"), geo);
    expect(state.localities).toEqual(["12202-01", "12302-01", "12302-99"]);
    expect(state.zips?.length).toBe([...geo.zips.values()].filter((p) => p.state === "MD").length);
    expect((await resolveMarket(parseMarket("national"), geo)).zips).toBeNull();
    await expect(resolveMarket(parseMarket("cbsa:99999"), geo)).rejects.toThrow(NotFoundError);
  });

  it("reads a market file (union of its terms) and names the bad line", async () => {
    const geo = await loadMarketGeography();
    const dir = await mkdtemp(join(tmpdir(), "ratelens-market-"));
    onTestFinished(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    const good = join(dir, "my-market.txt");
    await writeFile(good, "# my catchment\nzip:21201,21202\ncounty:24027\n\n");
    const market = await resolveMarket(parseMarket(`file:${good}`), geo);
    expect(market.zips).toContain("21201");
    expect(market.zips).toContain("21044"); // Columbia, Howard County
    const bad = join(dir, "bad.txt");
    await writeFile(bad, "zip:21201\nzip:ABCDE\n");
    await expect(resolveMarket(parseMarket(`file:${bad}`), geo)).rejects.toThrow(InputError);
    await expect(resolveMarket(parseMarket(`file:${bad}`), geo)).rejects.toThrow(
      /bad\.txt \(line 2\)/,
    );
  });
});

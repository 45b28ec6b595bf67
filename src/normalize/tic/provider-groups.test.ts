import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvBytes, csvList, csvText } from "./csv-fields.js";
import { NormalizeError } from "./normalize-error.js";
import {
  groupLinePrefix,
  groupLineTails,
  readProviderGroups,
  writeGroupRows,
  type ProviderEntry,
} from "./provider-groups.js";

function failure(value: unknown): { path: string; problem: string } {
  try {
    readProviderGroups(value, "$.provider_references[3].provider_groups");
  } catch (error) {
    if (error instanceof NormalizeError) return { path: error.jsonPath, problem: error.problem };
    throw error;
  }
  throw new Error("no error");
}

describe("readProviderGroups", () => {
  it("reads NPIs (numbers, digit strings, a lone value) and normalises TINs", () => {
    expect(
      readProviderGroups(
        [
          { npi: [1234567893, " 1245319599 "], tin: { type: "EIN ", value: "01-2345678" } },
          { npi: 0, tin: { type: "ein", value: "2345678" } },
          { NPI: [1093817465], tin: { type: "npi", value: " 1093817465 " } },
          { npi: [], tin: { type: "ein", value: 123456789 } },
          { npi: [1518924366] },
        ],
        "$.x",
      ),
    ).toEqual([
      { npis: [1234567893, 1245319599], tinType: "ein", tinValue: "012345678" },
      { npis: [0], tinType: "ein", tinValue: "002345678" },
      { npis: [1093817465], tinType: "npi", tinValue: "1093817465" },
      { npis: [], tinType: "ein", tinValue: "123456789" },
      { npis: [1518924366], tinType: undefined, tinValue: undefined },
    ]);
  });

  it("names the provider, the NPI or the TIN field that is wrong", () => {
    const base = "$.provider_references[3].provider_groups";
    expect(failure([{ npi: [1] }, "x"])).toEqual({
      path: `${base}[1]`,
      problem: 'expected an object, found the string "x"',
    });
    expect(failure([{ npi: [1] }, { npi: [1, 2, "12a"] }])).toMatchObject({
      path: `${base}[1].npi[2]`,
    });
    expect(failure([{ npi: -5 }])).toMatchObject({ path: `${base}[0].npi[0]` });
    expect(failure([{ npi: [1], tin: "123456789" }])).toMatchObject({ path: `${base}[0].tin` });
    expect(failure([{ npi: [1], tin: { type: "ein", value: [1] } }])).toMatchObject({
      path: `${base}[0].tin.value`,
    });
    expect(failure({ npi: [1] })).toMatchObject({ path: base });
  });
});

describe("writeGroupRows and groupLineTails", () => {
  /** The lines as strings, one per provider: what the byte-level writer must produce. */
  function reference(
    entries: readonly ProviderEntry[],
    key: { groupKey: number; providerGroupId?: string },
    networks: readonly string[] | undefined,
  ): string {
    const prefix = `${key.groupKey},${csvText(key.providerGroupId)},`;
    let lines = "";
    for (const entry of entries) {
      const suffix = `,${csvText(entry.tinType)},${csvText(entry.tinValue)},${csvList(networks)}\n`;
      lines += `${prefix}"${JSON.stringify(entry.npis.length === 0 ? [null] : entry.npis)}"${suffix}`;
    }
    return lines;
  }

  it("writes the same lines as one string per provider, for any NPIs, TINs, ids and network names", () => {
    const text = fc.option(fc.string({ unit: "grapheme", maxLength: 8 }), { nil: undefined });
    const entry = fc.record({
      npis: fc.array(fc.oneof(fc.constantFrom(0, 9, 10, 1234567893), fc.maxSafeNat()), {
        maxLength: 5,
      }),
      tinType: text,
      tinValue: text,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(entry, { maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        text,
        fc.option(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }), { nil: undefined }),
        (groups, groupKey, providerGroupId, networks) => {
          // Small buffers, so that they grow inside a group's lines too.
          const out = new CsvBytes(16);
          const fromTails = new CsvBytes(16);
          let expected = "";
          let rows = 0;
          let expectedRows = 0;
          for (const entries of groups) {
            const key = { groupKey, ...(providerGroupId === undefined ? {} : { providerGroupId }) };
            rows += writeGroupRows(out, entries, key, networks);
            // A remote reference file's lines, encoded once and written again under a key.
            const prefix = groupLinePrefix(key);
            for (const tail of groupLineTails(entries, networks)) fromTails.pushLine(prefix, tail);
            expected += reference(entries, key, networks);
            for (const entry of entries) expectedRows += Math.max(1, entry.npis.length);
          }
          expect(Buffer.from(out.bytes()).toString("utf8")).toBe(expected);
          expect(Buffer.from(fromTails.bytes()).toString("utf8")).toBe(expected);
          expect(rows).toBe(expectedRows);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

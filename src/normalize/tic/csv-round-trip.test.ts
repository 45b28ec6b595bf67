import { Readable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestFiles } from "../../ingest/ingest.js";
import { Store } from "../../store/store.js";

// Values that would break a naive CSV staging file: they must reach the store unchanged.
const TRICKY = [
  "comma, inside",
  'quote " inside',
  "line\nbreak",
  "carriage\r\nreturn",
  "",
  " padded ",
  "tab\tand ünïcödé ✓",
  '"',
  'a,b"c\nd',
];

describe("CSV staging round trip", () => {
  it("stores awkward strings, lists and numbers exactly as written", async () => {
    const document = {
      reporting_entity_name: "SYNTHETIC round-trip test",
      reporting_entity_type: "synthetic",
      version: "2.0.0",
      last_updated_on: "2026-01-01",
      provider_references: [
        {
          provider_group_id: 7,
          network_name: TRICKY,
          provider_groups: [{ npi: [1234567893], tin: { type: "ein", value: "12-3456789" } }],
        },
      ],
      in_network: TRICKY.map((text, index) => ({
        negotiation_arrangement: "ffs",
        name: "n",
        billing_code_type: "CPT",
        billing_code_type_version: "2026",
        billing_code: `C${index}`,
        description: "d",
        negotiated_rates: [
          {
            provider_references: [7],
            negotiated_prices: [
              {
                negotiated_type: "negotiated",
                negotiated_rate: 1234.5678 + index,
                expiration_date: "9999-12-31",
                service_code: [text, "11"],
                billing_class: "professional",
                billing_code_modifier: [text],
                additional_information: text,
              },
            ],
          },
        ],
      })),
    };
    const store = await Store.memory();
    try {
      const stdin = Readable.from([Buffer.from(JSON.stringify(document))]);
      const [summary] = await ingestFiles(store, ["-"], {
        offline: true,
        stdin,
        cacheDir: join(tmpdir(), "ratelens-test-cache-csv"),
      });
      expect(summary?.rows).toBe(TRICKY.length);
      const rows = await store.withConnection(async (connection) =>
        (
          await connection.runAndReadAll(
            `SELECT billing_code, additional_information, service_codes, billing_code_modifiers, negotiated_rate FROM rates ORDER BY item_index`,
          )
        ).getRowObjectsJson(),
      );
      expect(rows).toEqual(
        TRICKY.map((text, index) => ({
          billing_code: `C${index}`,
          additional_information: text,
          service_codes: [text, "11"],
          billing_code_modifiers: [text],
          negotiated_rate: 1234.5678 + index,
        })),
      );
      const networks = await store.withConnection(async (connection) =>
        (
          await connection.runAndReadAll(`SELECT DISTINCT network_names FROM provider_groups`)
        ).getRowObjectsJson(),
      );
      expect(networks).toEqual([{ network_names: TRICKY }]);
    } finally {
      store.close();
    }
  });
});

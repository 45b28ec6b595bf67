import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildPublication, type PublicationParts } from "./build-publication.js";
import { renderHtml } from "./render-html.js";
import { tableCsv, withCsvDownloads } from "./table-csv-links.js";

describe("CSV downloads", () => {
  it("reads a rendered table back as CSV: text only, entities decoded, quoted where needed", () => {
    const inner = `<thead><tr><th>Payer</th><th class="num">Mean</th></tr></thead><tbody><tr><td>Aetna <span class="m">synthetic</span><br>Aetna &amp; Co, &quot;East&quot;</td><td class="num">$1,027.00</td></tr></tbody>`;
    expect(tableCsv(inner)).toBe(
      'Payer,Mean\r\n"Aetna synthetic Aetna & Co, ""East""","$1,027.00"\r\n',
    );
  });

  it("puts a download link under every table of the 64491 page", async () => {
    const url = new URL(
      "fixtures/publication-64491-real-and-synthetic-payers.json",
      import.meta.url,
    );
    const parts = (JSON.parse(await readFile(url, "utf8")) as { parts: PublicationParts }).parts;
    const html = renderHtml(buildPublication(parts));
    const tables = html.match(/<table class="/g)?.length ?? 0;
    expect(tables).toBeGreaterThan(4);
    expect(html.match(/class="csv-download"/g)?.length).toBe(tables);
    const link =
      /download="64491-benchmark-table\.csv" href="data:text\/csv;charset=utf-8,([^"]+)"/.exec(
        html,
      );
    const csv = decodeURIComponent(link![1]!);
    expect(csv.split("\r\n")[0]).toMatch(/^Payer,Setting,Released,Rates,TINs,NPIs,Mean,/);
    expect(csv).toContain("CareFirst BlueCross BlueShield");
  });

  it("leaves a page without tables unchanged", () => {
    expect(withCsvDownloads("<p>no tables</p>", "x")).toBe("<p>no tables</p>");
  });
});

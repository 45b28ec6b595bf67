import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildPublication, type PublicationParts } from "./build-publication.js";
import { goldenPath, readGolden } from "../../testing/golden.js";
import { renderHtml } from "./render-html.js";
import { renderIndex } from "./render-index.js";
import { renderMarkdown } from "./render-markdown.js";

const FIXTURES = [
  "publication-64491-real-and-synthetic-payers",
  "publication-64633-real-payer-only-no-medicare",
  "publication-99999-code-and-rates-missing",
];

async function loadParts(name: string): Promise<PublicationParts> {
  const text = await readFile(new URL(`fixtures/${name}.json`, import.meta.url), "utf8");
  return (JSON.parse(text) as { parts: PublicationParts }).parts;
}

function golden(name: string, extension: string): string {
  return goldenPath(import.meta.url, `${name.replace(/^publication-/, "")}.${extension}`);
}

describe("renderHtml(pub) / renderMarkdown(pub) golden files", () => {
  for (const name of FIXTURES) {
    it(`matches the golden HTML, Markdown and JSON for ${name}`, async () => {
      const pub = buildPublication(await loadParts(name));
      const html = renderHtml(pub);
      const markdown = renderMarkdown(pub);
      const json = `${JSON.stringify(pub, null, 2)}\n`;
      expect(html).toBe(await readGolden(golden(name, "html"), html));
      expect(markdown).toBe(await readGolden(golden(name, "md"), markdown));
      expect(json).toBe(await readGolden(golden(name, "json"), json));
    });
  }
});

describe("renderIndex(publications, options)", () => {
  it("matches the golden index: real files by name, synthetic files counted and marked", async () => {
    const publications = await Promise.all(
      FIXTURES.map(async (name) => buildPublication(await loadParts(name))),
    );
    const html = renderIndex(publications, { href: (code) => `${code}.html` });
    expect(html).toBe(await readGolden(goldenPath(import.meta.url, "index.html"), html));
    expect(html).toContain("CareFirst BlueCross BlueShield (real file) + 2 synthetic demo files");
    expect(html).toContain(`<a href="99999.html">99999</a>`);
  });
});

describe("renderHtml(pub)", () => {
  it("shows the synthetic banner and marks every synthetic row and series", async () => {
    const pub = buildPublication(await loadParts(FIXTURES[0]!));
    const html = renderHtml(pub);
    expect(html).toContain(`class="synthetic-banner"`);
    const syntheticRows = pub.benchmark!.payers.filter((row) => row.synthetic).length;
    expect(syntheticRows).toBe(3);
    expect(html.match(/<tr class="payer-row synthetic">/g)).toHaveLength(syntheticRows);
    expect(html.match(/<g class="series synthetic"/g)).toHaveLength(syntheticRows);
    expect(html.match(/<tr class="payer-row">/g)).toHaveLength(1);
    expect(html).toContain("CareFirst BlueCross BlueShield");
  });

  it("is self-contained: no external scripts, stylesheets or images", async () => {
    const html = renderHtml(buildPublication(await loadParts(FIXTURES[0]!)));
    expect(html).not.toMatch(/<script|<link |src="http|url\(http/);
    expect(html).toContain("<svg");
  });

  it("has no banner when nothing is synthetic, and says what is missing", async () => {
    const html = renderHtml(buildPublication(await loadParts(FIXTURES[1]!)));
    expect(html).not.toContain(`class="synthetic-banner"`);
    expect(html).toContain("No Medicare Physician Fee Schedule amount is loaded for this code.");
    expect(html).toContain("64633 is not in the bundled code reference");
  });

  it("says so plainly when neither code reference nor rates exist", async () => {
    const pub = buildPublication(await loadParts(FIXTURES[2]!));
    const html = renderHtml(pub);
    expect(html).toContain("No benchmark could be computed for this code");
    expect(pub.missing).toContain("No negotiated rates for 99999 are loaded: no payer benchmark.");
    expect(html).not.toContain("<svg");
  });

  it("escapes payer names", async () => {
    const parts = await loadParts(FIXTURES[1]!);
    const payer = parts.benchmark!.payers[0]!;
    const hostile = {
      ...parts,
      benchmark: {
        ...parts.benchmark!,
        payers: [{ ...payer, payer: `<img src=x onerror="alert(1)">` }],
      },
    };
    const html = renderHtml(buildPublication(hostile));
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });
});

describe("renderMarkdown(pub)", () => {
  it("carries the synthetic notice and row markers", async () => {
    const markdown = renderMarkdown(buildPublication(await loadParts(FIXTURES[0]!)));
    expect(markdown).toContain("> **Synthetic data.**");
    expect(markdown.match(/\*\*\(synthetic\)\*\*/g)?.length).toBeGreaterThanOrEqual(3 + 2);
  });
});

import { describe, expect, it } from "vitest";
import { loadBundledReferenceData } from "../../analyze/reference/load-reference-data.js";
import { buildPublication } from "./build-publication.js";
import { codeSectionFor } from "./code-section-for.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-markdown.js";
import { referenceSourcesFor } from "./write-publication.js";

async function page64491(): Promise<{ html: string; markdown: string }> {
  const ref = await loadBundledReferenceData();
  const pub = buildPublication({
    code: "64491",
    codeSection: codeSectionFor(ref, "64491"),
    benchmark: null,
    referenceSources: referenceSourcesFor(ref, null),
    generatedAt: "2026-12-06T00:00:00.000Z",
  });
  return { html: renderHtml(pub), markdown: renderMarkdown(pub) };
}

describe("a publication worth linking to (64491)", () => {
  it("links its related codes to their own pages, the whole facet family included", async () => {
    const { html } = await page64491();
    for (const code of [
      "64490",
      "64492",
      "64493",
      "64494",
      "64495",
      "64633",
      "64635",
      "64636",
      "77003",
    ]) {
      expect(html, code).toContain(`<a href="${code}.html">${code}</a>`);
    }
  });

  it("links the CMS files and coverage documents it cites", async () => {
    const { html, markdown } = await page64491();
    expect(html).toContain(
      'href="https://www.cms.gov/medicare/payment/fee-schedules/physician/pfs-relative-value-files"',
    );
    expect(html).toContain("medicare-ncci-procedure-procedure-ptp-edits");
    expect(html).toContain("medicare-ncci-medically-unlikely-edits");
    expect(html).toMatch(
      /href="https:\/\/www\.cms\.gov\/medicare-coverage-database\/view\/article\.aspx\?articleid=57787/,
    );
    expect(markdown).toContain(
      "](https://www.cms.gov/medicare/payment/fee-schedules/physician/pfs-relative-value-files)",
    );
  });

  it("shows the NCCI PTP edits and the RVU breakdown as tables", async () => {
    const { html, markdown } = await page64491();
    expect(html).toContain('class="ptp-table"');
    expect(html).toContain('class="rvu-table"');
    expect(markdown).toContain("### NCCI procedure-to-procedure edits");
    expect(markdown).toContain("### Medicare RVU breakdown");
  });
});

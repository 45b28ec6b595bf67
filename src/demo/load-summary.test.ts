import { describe, expect, it } from "vitest";
import type { IngestSummary } from "../ingest/ingest-types.js";
import { notLoaded } from "../ingest/ingest-unit.js";
import { loadSummary } from "./run-demo.js";

function summary(status: IngestSummary["status"]): IngestSummary {
  return { ...notLoaded(`/data/${status}.json`, "skipped", "", 0), status, seconds: 0 };
}

describe("loadSummary(ingested): what the demo's load did", () => {
  it("says on a re-run that the files were skipped because they are already loaded", () => {
    expect(loadSummary([summary("skipped"), summary("skipped")])).toBe(
      "0 files loaded, 2 files skipped (already loaded: same SHA-256 in the store).",
    );
  });

  it("counts loaded and failed files on a first run", () => {
    expect(loadSummary([summary("ingested"), summary("failed")])).toBe(
      "1 file loaded, 1 file failed (see above).",
    );
  });
});

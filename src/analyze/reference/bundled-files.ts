import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataMissingError } from "../../errors.js";
import type { ReferenceSource } from "./reference-types.js";

/** One bundled reference file: where it is under `data/reference/` and how to cite it. */
export interface BundledFile {
  path: string;
  source: ReferenceSource;
}

/**
 * The reference files shipped under `data/reference/` (see its SOURCES.md for provenance and
 * upstream hashes). Labels name the CMS/CDC/NUCC release so every number can cite its file.
 */
export const BUNDLED = {
  pfs: [
    {
      year: 2025,
      path: "cms-pfs-rvu25d/PPRRVU2025_Oct_nodesc.csv.gz",
      source: {
        file: "PPRRVU2025_Oct.csv (CMS RVU25D, October 2025 release, released 09/11/2025)",
        edition: "2025-10",
      },
    },
    {
      year: 2026,
      path: "cms-pfs-rvu26c/PPRRVU2026_Jul_nonQPP_nodesc.csv.gz",
      source: {
        file: "PPRRVU2026_Jul_nonQPP.csv (CMS RVU26C, July 2026 release, non-QP, released 06/30/2026)",
        edition: "2026-07",
      },
    },
  ],
  gpci: [
    {
      year: 2025,
      path: "cms-pfs-rvu25d/GPCI2025.csv",
      source: {
        file: "GPCI2025.csv (CMS RVU25D, Addendum E, final CY2025 GPCIs)",
        edition: "2025",
      },
    },
  ],
  locality: {
    year: 2025,
    path: "cms-pfs-rvu25d/25LOCCO.csv",
    source: { file: "25LOCCO.csv (CMS RVU25D, counties in 2025 localities)", edition: "2025" },
  },
  ptp: {
    path: "cms-ncci-2024q3/ptp_practitioner_eff_2024-07-01_subset.csv.gz",
    source: {
      file: "NCCI practitioner PTP edits eff. 2024-07-01 (subset: edits touching 64461-64463, 64479-64484, 64490-64495, 64633-64636)",
      edition: "2024-07-01",
    },
  },
  mue: {
    path: "cms-ncci-2024q3/mue_practitioner_eff_2024-07-01.csv",
    source: { file: "NCCI practitioner MUE table eff. 2024-07-01", edition: "2024-07-01" },
  },
  aoc: {
    path: "cms-ncci-2024q3/aoc_edits_2024-06-03.csv",
    source: { file: "NCCI add-on code edits 2024-06-03", edition: "2024-06-03" },
  },
  icd10: {
    path: "cdc-icd10cm-fy2025/ICD10CM_2025_codes.csv.gz",
    source: { file: "ICD-10-CM FY2025 tabular (CDC/NCHS)", edition: "FY2025" },
  },
  taxonomy: {
    path: "nucc-taxonomy/nucc_taxonomy_251.csv",
    source: { file: "NUCC Health Care Provider Taxonomy v25.1", edition: "25.1" },
  },
  pos: {
    path: "cms-place-of-service/pos_codes_2024.csv",
    source: { file: "CMS place-of-service code set (Sept 2023 database)", edition: "2023-09" },
  },
} as const;

/**
 * The bundled `data/reference` directory. Found by walking up from this module, so it works from
 * `src/` under vitest and from `dist/src/` when built.
 */
export function bundledReferenceDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, "data", "reference");
    if (existsSync(join(candidate, "SOURCES.md"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new DataMissingError(
    "the bundled reference data (data/reference/SOURCES.md) was not found above the ratelens installation",
  );
}

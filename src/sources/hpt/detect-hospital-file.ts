import { open } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { columnKey } from "./csv-columns.js";
import { isLegacyHeader } from "./read-hpt-legacy.js";

/** What kind of hospital file the first bytes show. */
export type HospitalFileKind = "json" | "csv" | "legacy-csv";

/**
 * Recognises a hospital price-transparency file by content, not name: a JSON object with
 * `hospital_name` / `standard_charge_information` and no TiC `reporting_entity_name`; a CSV whose
 * first label is `hospital_name` (the CMS template); or the pre-template layout's column line.
 * `firstBytes` is the start of the file as stored (gzip is inflated here, as far as it goes).
 */
export function detectHospitalFile(firstBytes: Buffer): HospitalFileKind | null {
  let bytes = firstBytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: a truncated stream is fine */ });
    } catch {
      return null;
    }
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const start = text.trimStart();
  if (start.startsWith("{")) {
    if (/"reporting_entity_name"\s*:/.test(text)) return null;
    // An empty object is still read as one (CMS's validator reports every required element missing).
    return /"(hospital_name|standard_charge_information)"\s*:/.test(text) ||
      /^\{\s*\}\s*$/.test(start)
      ? "json"
      : null;
  }
  const firstLine = start.split(/\r?\n/, 1)[0] ?? "";
  const firstLabel = firstLine.split(",", 1)[0]?.replace(/"/g, "") ?? "";
  if (columnKey(firstLabel) === "hospital_name") return "csv";
  if (isLegacyHeader(firstLine.split(",").map((f) => f.replace(/"/g, "")))) return "legacy-csv";
  return null;
}

/** The hook for `ratelens ingest`: true when the file's first bytes are a hospital file. */
export function isHospitalFile(firstBytes: Buffer): boolean {
  return detectHospitalFile(firstBytes) !== null;
}

/** Reads the first `size` bytes of a local file. */
export async function readFirstBytes(file: string, size = 64 * 1024): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** EIN from the CMS file-name convention `<EIN>_<hospital-name>_standardcharges.<ext>` (45 CFR 180.50(d)(5)). */
export function einFromFileName(file: string): string | null {
  const base = file.split(/[\\/]/).pop() ?? "";
  const match = /^(\d{2})-?(\d{7})_.*standardcharges/i.exec(base);
  return match === null ? null : `${match[1]}${match[2]}`;
}

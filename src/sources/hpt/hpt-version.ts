import type { HptVersion } from "./hpt-record.js";

/** Versions whose rules we apply (2.2.1 is a schema fix of 2.2.0 and validates as 2.2.0). */
export const KNOWN_VERSIONS: readonly HptVersion[] = ["2.0.0", "2.1.0", "2.2.0", "3.0.0"];

/** "2.0" / "v2.2.1" / "3" → the template version it names, or null if none we know. */
export function declaredVersion(raw: string | null): HptVersion | null {
  if (raw === null) return null;
  const match = /(\d+)(?:\.(\d+))?/.exec(raw);
  if (match === null) return null;
  const key = `${match[1]}.${match[2] ?? "0"}.0`;
  return (KNOWN_VERSIONS as readonly string[]).includes(key) ? (key as HptVersion) : null;
}

/** The content markers a reader has seen, for detecting the version by content. */
export interface VersionMarkers {
  /** v3 only: attestation, type_2_npi, median_amount/10th/90th/count, location_name. */
  v3: boolean;
  /** v2.2 and later: estimated_amount (2.2 only), drug information, modifier information. */
  v22: boolean;
}

/** The version the content looks like. */
export function contentVersion(markers: VersionMarkers): HptVersion {
  if (markers.v3) return "3.0.0";
  return markers.v22 ? "2.2.0" : "2.0.0";
}

/**
 * Which rules to apply: the declared version when we know it and the content agrees on being v3 or
 * not; otherwise what the content shows (a v3 file declaring "2.0.0" is checked as v3, with a warning).
 */
export function rulesVersion(
  declared: HptVersion | null,
  markers: VersionMarkers,
): { version: HptVersion; mismatch: boolean } {
  const content = contentVersion(markers);
  if (declared === null) return { version: content, mismatch: false };
  const declaredV3 = declared === "3.0.0";
  if (declaredV3 !== markers.v3) return { version: content, mismatch: true };
  // A v2 file that uses v2.2 elements (CMS's own June-2024 examples still say "2.0.0") is held to
  // the v2.2 rules for them.
  if (!declaredV3 && content === "2.2.0") return { version: "2.2.0", mismatch: false };
  return { version: declared, mismatch: false };
}

/**
 * The path of a served publication: `/codes/64491`, `/codes/64491.md`, `/codes/64491.json`, and
 * the other data view of the same code, `/codes/64491-including-synthetic` (with the same
 * extensions), mirroring the file names `writePublication` writes (`viewSuffix`).
 */
import { parseCode } from "../analyze/benchmark/parse-benchmark-filters.js";
import { viewOfSuffix, type DataViewKind } from "../present/report/data-view.js";

export interface PublicationPath {
  code: string;
  /** The data view asked for; undefined: the default (real payer data first). */
  view: DataViewKind | undefined;
  format: "html" | "md" | "json";
}

/** Parses the `:code` segment; a malformed code throws parseCode's UsageError (400). */
export function parsePublicationPath(raw: string): PublicationPath {
  const format = /\.(md|json|html)$/.exec(raw)?.[1] ?? "html";
  const stem = raw.replace(/\.(md|json|html)$/, "");
  const suffix = /-(including-synthetic|real-only)$/.exec(stem)?.[0] ?? "";
  return {
    code: parseCode(stem.slice(0, stem.length - suffix.length)),
    view: viewOfSuffix(suffix),
    format: format === "md" || format === "json" ? format : "html",
  };
}

/** The served path of a code's page in a data view (`suffix` from `viewSuffix`). */
export function servedViewHref(code: string, suffix: string): string {
  return `/codes/${code}${suffix}`;
}

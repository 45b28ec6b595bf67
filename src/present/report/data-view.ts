/**
 * Which data a publication shows. Real payer files come first: when any real file has rates for
 * the code, the page shows real data only, and a second page includes the synthetic demo data
 * (labelled). When no real file has rates, the only page includes synthetic data, and says so.
 */
export type DataViewKind = "real-only" | "including-synthetic";

/** The view shown and the other view, if one was written. */
export interface DataView {
  shown: DataViewKind;
  /** The other view of the same code (null: there is none, and `note` says why). */
  alternate: DataViewKind | null;
  /** One sentence saying what is shown and why. */
  note: string;
}

/** The suffix of a view's file and path: the default view has none (`64491.html`). */
export function viewSuffix(view: DataViewKind, defaultView: DataViewKind): string {
  if (view === defaultView) return "";
  return view === "real-only" ? "-real-only" : "-including-synthetic";
}

/** The view a suffix names (the inverse of `viewSuffix`), or undefined for none. */
export function viewOfSuffix(suffix: string): DataViewKind | undefined {
  if (suffix === "-including-synthetic") return "including-synthetic";
  if (suffix === "-real-only") return "real-only";
  return undefined;
}

/** Link text for switching to a view. */
export function viewLinkText(view: DataViewKind): string {
  return view === "real-only"
    ? "Show real payer data only"
    : "Include the synthetic demo data (labelled)";
}

/**
 * What the shown view contains, in one sentence. `realRates`: a real file has rates for the code;
 * `syntheticRates`: a synthetic one has.
 */
export function viewNote(shown: DataViewKind, realRates: boolean, syntheticRates = true): string {
  if (shown === "real-only") {
    return syntheticRates
      ? "Showing real payer data only; the synthetic demo data is left out of every figure."
      : "Showing real payer data only; no synthetic demo data is loaded for this code.";
  }
  return realRates
    ? "Showing real payer data together with the synthetic demo data; every synthetic row is marked."
    : "No real payer file in the store has rates for this code, so there is no real-only view: the figures below come from synthetic demo data only (marked).";
}

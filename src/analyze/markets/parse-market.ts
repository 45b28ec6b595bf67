/**
 * The one market parser behind `--market` (CLI), `market=` (API) and the explorer:
 * `national`, `state:MD[,VA]`, `locality:12302-01` (carrier-locality as in CMS's GPCI and ZIP
 * files), `cbsa:12580`, `county:24005`, `zip:21201,21202`, `file:my-market.txt` (one such term
 * per line, `#` comments; the market is their union).
 */
import { UsageError } from "../../errors.js";

export type MarketKind = "state" | "locality" | "cbsa" | "county" | "zip";

/** A parsed market term: national, a list of one kind, or a file of terms. */
export type MarketSpec =
  { kind: "national" } | { kind: MarketKind; values: string[] } | { kind: "file"; path: string };

const PATTERNS: Readonly<Record<MarketKind, { pattern: RegExp; example: string }>> = {
  state: { pattern: /^[A-Z]{2}$/, example: "state:MD" },
  locality: { pattern: /^\d{5}-\d{2}$/, example: "locality:12302-01" },
  cbsa: { pattern: /^\d{5}$/, example: "cbsa:12580" },
  county: { pattern: /^\d{5}$/, example: "county:24005" },
  zip: { pattern: /^\d{5}$/, example: "zip:21201,21202" },
};

const USAGE =
  "a market is national, state:MD, locality:12302-01, cbsa:12580, county:24005, zip:21201,21202 or file:PATH";

/** Parses one market term; `allowFile` is false where reading a server-side file makes no sense (HTTP). */
export function parseMarket(raw: string, options: { allowFile?: boolean } = {}): MarketSpec {
  const text = raw.trim();
  if (text.toLowerCase() === "national" || text === "") return { kind: "national" };
  const colon = text.indexOf(":");
  if (colon < 0) throw new UsageError(`"${raw}" is not a market: ${USAGE}`);
  const kind = text.slice(0, colon).trim().toLowerCase();
  const rest = text.slice(colon + 1).trim();
  if (kind === "file") {
    if (options.allowFile === false) {
      throw new UsageError(
        "file: markets are read on the command line only; send the ZIPs or counties themselves (zip:…, county:…)",
      );
    }
    if (rest === "") throw new UsageError("file: needs a path, e.g. file:my-market.txt");
    return { kind: "file", path: rest };
  }
  if (!(kind in PATTERNS)) throw new UsageError(`"${kind}" is not a market kind: ${USAGE}`);
  const marketKind = kind as MarketKind;
  const { pattern, example } = PATTERNS[marketKind];
  const values = rest
    .split(",")
    .map((value) => value.trim().toUpperCase())
    .filter((value) => value !== "");
  if (values.length === 0) {
    throw new UsageError(`${kind}: needs at least one value, e.g. ${example}`);
  }
  const bad = values.find((value) => !pattern.test(value));
  if (bad !== undefined) throw new UsageError(`"${bad}" is not a valid ${kind} (e.g. ${example})`);
  return { kind: marketKind, values: [...new Set(values)] };
}

/** The canonical text of a market (what results echo). */
export function marketText(spec: MarketSpec): string {
  if (spec.kind === "national") return "national";
  if (spec.kind === "file") return `file:${spec.path}`;
  return `${spec.kind}:${spec.values.join(",")}`;
}

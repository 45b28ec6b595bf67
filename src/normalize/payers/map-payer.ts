import { BUCA_FAMILIES, PAYER_ALIASES, type PayerAlias } from "./payer-aliases.js";

/** Who a reporting entity is, as the benchmark tables show it. */
export interface PayerIdentity {
  /** Shown in tables: "UnitedHealthcare", "CareFirst BCBS", or the entity's own name if unknown. */
  payer: string;
  /** e.g. "Blue Cross Blue Shield"; unknown entities are their own family. */
  family: string;
  /** In the BUCA group (Blue Cross Blue Shield, UnitedHealthcare, Cigna, Aetna). */
  isBuca: boolean;
  /** True when an alias rule matched; false when the entity kept its own name. */
  known: boolean;
  /** The source key of the alias rule that matched, for the audit trail. */
  aliasSource: string | null;
}

/**
 * Upper case, "&" → "AND", punctuation to spaces, spaces collapsed: "CareFirst BlueCross
 * BlueShield, Inc." → "CAREFIRST BLUECROSS BLUESHIELD INC".
 */
export function normalizeEntityName(name: string): string {
  return name
    .toUpperCase()
    .replace(/&/g, " AND ")
    .replace(/[^A-Z0-9]+/g, " ")
    .trim()
    .replace(/ +/g, " ");
}

/** Tidies an unknown entity's name for display without changing its words. */
function displayName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

/**
 * Maps a reporting entity name to its payer via the alias table (`payer-aliases.ts`). Unknown
 * entities keep their own name (trimmed) as payer and family; a missing name becomes "Unknown payer".
 */
export function mapPayer(
  reportingEntityName: string | null | undefined,
  aliases: readonly PayerAlias[] = PAYER_ALIASES,
): PayerIdentity {
  const raw = reportingEntityName ?? "";
  if (raw.trim() === "") {
    return {
      payer: "Unknown payer",
      family: "Unknown payer",
      isBuca: false,
      known: false,
      aliasSource: null,
    };
  }
  const normalized = normalizeEntityName(raw);
  for (const alias of aliases) {
    if (!alias.pattern.test(normalized)) continue;
    const payer = alias.payer === "" ? displayName(raw) : alias.payer;
    return {
      payer,
      family: alias.family,
      isBuca: alias.buca ?? BUCA_FAMILIES.includes(alias.family),
      known: true,
      aliasSource: alias.source,
    };
  }
  const own = displayName(raw);
  return { payer: own, family: own, isBuca: false, known: false, aliasSource: null };
}

/**
 * True when `query` (a user's `--payer` value) names this payer: case-insensitive match on the
 * payer, the family, or the word "BUCA" for the BUCA group.
 */
export function payerMatches(identity: PayerIdentity, query: string): boolean {
  const wanted = normalizeEntityName(query);
  if (wanted === "BUCA") return identity.isBuca;
  return (
    normalizeEntityName(identity.payer) === wanted ||
    normalizeEntityName(identity.family) === wanted ||
    mapPayer(query).payer === identity.payer
  );
}

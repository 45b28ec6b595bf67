/**
 * Column labels of the CMS CSV templates. CMS's validator compares labels with the parts around
 * each "|" trimmed and case ignored ("code | 1 | type" = "code|1|type"), so labels are keyed that
 * way; wide payer columns (`standard_charge | Payer | Plan | negotiated_dollar`,
 * `median_amount | Payer | Plan` …) are split into payer, plan and field.
 */

/** "Code | 1 | Type " → "code|1|type". */
export function columnKey(label: string): string {
  return label
    .split("|")
    .map((part) => part.trim())
    .join("|")
    .toLowerCase();
}

/** The per-payer fields of a wide CSV and the tall column each corresponds to. */
export const WIDE_PAYER_FIELDS = {
  negotiated_dollar: "standard_charge|negotiated_dollar",
  negotiated_percentage: "standard_charge|negotiated_percentage",
  negotiated_algorithm: "standard_charge|negotiated_algorithm",
  methodology: "standard_charge|methodology",
  estimated_amount: "estimated_amount",
  median_amount: "median_amount",
  "10th_percentile": "10th_percentile",
  "90th_percentile": "90th_percentile",
  count: "count",
  additional_payer_notes: "additional_payer_notes",
} as const;

export type WidePayerField = keyof typeof WIDE_PAYER_FIELDS;

/** A wide column that belongs to one payer and plan. */
export interface WidePayerColumn {
  index: number;
  payer: string;
  plan: string;
  field: WidePayerField;
}

/**
 * Splits a wide payer column label, or returns null for a non-payer column. Payer and plan keep
 * their case (they are names); underscores in v2.0 examples ("Platform_Health_Insurance") are kept.
 */
export function widePayerColumn(label: string, index: number): WidePayerColumn | null {
  const parts = label.split("|").map((part) => part.trim());
  if (parts.length === 4 && parts[0]!.toLowerCase() === "standard_charge") {
    const field = parts[3]!.toLowerCase();
    if (
      field === "negotiated_dollar" ||
      field === "negotiated_percentage" ||
      field === "negotiated_algorithm" ||
      field === "methodology"
    ) {
      return { index, payer: parts[1]!, plan: parts[2]!, field };
    }
    return null;
  }
  if (parts.length === 3) {
    const field = parts[0]!.toLowerCase();
    if (
      field === "estimated_amount" ||
      field === "median_amount" ||
      field === "10th_percentile" ||
      field === "90th_percentile" ||
      field === "count" ||
      field === "additional_payer_notes"
    ) {
      return { index, payer: parts[1]!, plan: parts[2]!, field };
    }
  }
  return null;
}

/** Label of a field for a payer in wide layout, as the template writes it. */
export function wideLabel(field: WidePayerField, payerPlan: string): string {
  const [payer, plan] = payerPlan.split(" | ");
  if (field.startsWith("negotiated_") || field === "methodology") {
    return `standard_charge | ${payer} | ${plan} | ${field}`;
  }
  return `${field} | ${payer} | ${plan}`;
}

/** Required header-row labels per version (row 1 of every CMS CSV). */
export function requiredHeaderLabels(version: string): string[] {
  const v3 = version.startsWith("3");
  return v3
    ? [
        "hospital_name",
        "last_updated_on",
        "version",
        "location_name",
        "hospital_address",
        "license_number|[state]",
        "type_2_npi",
        "attestation",
        "attester_name",
      ]
    : [
        "hospital_name",
        "last_updated_on",
        "version",
        "hospital_location",
        "hospital_address",
        "license_number|[state]",
        "affirmation",
      ];
}

/** Required data columns (row 3) per version and layout; wide payer columns are checked per payer. */
export function requiredDataColumns(version: string, tall: boolean): string[] {
  const common = [
    "description",
    "code|1",
    "code|1|type",
    "setting",
    "standard_charge|gross",
    "standard_charge|discounted_cash",
    "standard_charge|min",
    "standard_charge|max",
    "additional_generic_notes",
  ];
  const v22 = version === "2.2.0";
  const v3 = version.startsWith("3");
  const drug =
    v22 || v3 ? ["drug_unit_of_measurement", "drug_type_of_measurement", "modifiers"] : [];
  if (!tall) return [...common, ...drug];
  const payer = [
    "payer_name",
    "plan_name",
    "standard_charge|negotiated_dollar",
    "standard_charge|negotiated_percentage",
    "standard_charge|negotiated_algorithm",
    "standard_charge|methodology",
  ];
  const allowed = v3
    ? ["median_amount", "10th_percentile", "90th_percentile", "count"]
    : v22
      ? ["estimated_amount"]
      : [];
  return [...common, ...drug, ...payer, ...allowed];
}

/** Required per-payer fields of a wide file, per version. */
export function requiredWidePayerFields(version: string): WidePayerField[] {
  const base: WidePayerField[] = [
    "negotiated_dollar",
    "negotiated_percentage",
    "negotiated_algorithm",
    "methodology",
    "additional_payer_notes",
  ];
  if (version.startsWith("3")) {
    return [...base, "median_amount", "10th_percentile", "90th_percentile", "count"];
  }
  if (version === "2.2.0") return [...base, "estimated_amount"];
  return base;
}

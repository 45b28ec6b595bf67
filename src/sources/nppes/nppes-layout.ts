/**
 * The NPPES NPI registry CSV layout ("npidata_pfile_YYYYMMDD-YYYYMMDD.csv" in the monthly
 * Data Dissemination zip, http://download.cms.gov/nppes/NPI_Files.html). Column names as CMS
 * writes them. The importer finds its columns *by name*, so older/newer releases (e.g. "Provider
 * Gender Code" renamed "Provider Sex Code", columns added at the end) load the same way; this full
 * list is used to write the synthetic sample in the real layout.
 */

const taxonomyBlock = (k: number): string[] => [
  `Healthcare Provider Taxonomy Code_${k}`,
  `Provider License Number_${k}`,
  `Provider License Number State Code_${k}`,
  `Healthcare Provider Primary Taxonomy Switch_${k}`,
];
const otherIdBlock = (k: number): string[] => [
  `Other Provider Identifier_${k}`,
  `Other Provider Identifier Type Code_${k}`,
  `Other Provider Identifier State_${k}`,
  `Other Provider Identifier Issuer_${k}`,
];
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** Every column of the dissemination file, in order. */
export const NPPES_COLUMNS: readonly string[] = [
  "NPI",
  "Entity Type Code",
  "Replacement NPI",
  "Employer Identification Number (EIN)",
  "Provider Organization Name (Legal Business Name)",
  "Provider Last Name (Legal Name)",
  "Provider First Name",
  "Provider Middle Name",
  "Provider Name Prefix Text",
  "Provider Name Suffix Text",
  "Provider Credential Text",
  "Provider Other Organization Name",
  "Provider Other Organization Name Type Code",
  "Provider Other Last Name",
  "Provider Other First Name",
  "Provider Other Middle Name",
  "Provider Other Name Prefix Text",
  "Provider Other Name Suffix Text",
  "Provider Other Credential Text",
  "Provider Other Last Name Type Code",
  "Provider First Line Business Mailing Address",
  "Provider Second Line Business Mailing Address",
  "Provider Business Mailing Address City Name",
  "Provider Business Mailing Address State Name",
  "Provider Business Mailing Address Postal Code",
  "Provider Business Mailing Address Country Code (If outside U.S.)",
  "Provider Business Mailing Address Telephone Number",
  "Provider Business Mailing Address Fax Number",
  "Provider First Line Business Practice Location Address",
  "Provider Second Line Business Practice Location Address",
  "Provider Business Practice Location Address City Name",
  "Provider Business Practice Location Address State Name",
  "Provider Business Practice Location Address Postal Code",
  "Provider Business Practice Location Address Country Code (If outside U.S.)",
  "Provider Business Practice Location Address Telephone Number",
  "Provider Business Practice Location Address Fax Number",
  "Provider Enumeration Date",
  "Last Update Date",
  "NPI Deactivation Reason Code",
  "NPI Deactivation Date",
  "NPI Reactivation Date",
  "Provider Sex Code",
  "Authorized Official Last Name",
  "Authorized Official First Name",
  "Authorized Official Middle Name",
  "Authorized Official Title or Position",
  "Authorized Official Telephone Number",
  ...range(15).flatMap(taxonomyBlock),
  ...range(50).flatMap(otherIdBlock),
  "Is Sole Proprietor",
  "Is Organization Subpart",
  "Parent Organization LBN",
  "Parent Organization TIN",
  "Authorized Official Name Prefix Text",
  "Authorized Official Name Suffix Text",
  "Authorized Official Credential Text",
  ...range(15).map((k) => `Healthcare Provider Taxonomy Group_${k}`),
  "Certification Date",
];

/** The columns the importer reads; a header without any of them is rejected. */
export const NPPES_REQUIRED = {
  npi: "NPI",
  entityType: "Entity Type Code",
  organizationName: "Provider Organization Name (Legal Business Name)",
  lastName: "Provider Last Name (Legal Name)",
  firstName: "Provider First Name",
  state: "Provider Business Practice Location Address State Name",
  postalCode: "Provider Business Practice Location Address Postal Code",
  deactivationDate: "NPI Deactivation Date",
  reactivationDate: "NPI Reactivation Date",
} as const;

/** "Healthcare Provider Taxonomy Code_k" and its primary switch, k = 1..15. */
export const NPPES_TAXONOMY_SLOTS: readonly { code: string; primarySwitch: string }[] = range(
  15,
).map((k) => ({
  code: `Healthcare Provider Taxonomy Code_${k}`,
  primarySwitch: `Healthcare Provider Primary Taxonomy Switch_${k}`,
}));

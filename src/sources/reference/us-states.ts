/**
 * US state and territory names as CMS writes them in the locality files (upper case), mapped to
 * their USPS codes. "HAWAII/GUAM" is one Medicare locality (MAC 01312) filed under HI.
 */
const STATES: Readonly<Record<string, string>> = {
  ALABAMA: "AL", ALASKA: "AK", ARIZONA: "AZ", ARKANSAS: "AR", CALIFORNIA: "CA", COLORADO: "CO",
  CONNECTICUT: "CT", DELAWARE: "DE", "DISTRICT OF COLUMBIA": "DC", FLORIDA: "FL", GEORGIA: "GA",
  HAWAII: "HI", "HAWAII/GUAM": "HI", GUAM: "GU", IDAHO: "ID", ILLINOIS: "IL", INDIANA: "IN", IOWA: "IA",
  KANSAS: "KS", KENTUCKY: "KY", LOUISIANA: "LA", MAINE: "ME", MARYLAND: "MD", MASSACHUSETTS: "MA",
  MICHIGAN: "MI", MINNESOTA: "MN", MISSISSIPPI: "MS", MISSOURI: "MO", MONTANA: "MT", NEBRASKA: "NE",
  NEVADA: "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM", "NEW YORK": "NY",
  "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", OHIO: "OH", OKLAHOMA: "OK", OREGON: "OR",
  PENNSYLVANIA: "PA", "PUERTO RICO": "PR", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC",
  "SOUTH DAKOTA": "SD", TENNESSEE: "TN", TEXAS: "TX", UTAH: "UT", VERMONT: "VT",
  "VIRGIN ISLANDS": "VI", VIRGINIA: "VA", WASHINGTON: "WA", "WEST VIRGINIA": "WV", WISCONSIN: "WI",
  WYOMING: "WY", "AMERICAN SAMOA": "AS", "NORTHERN MARIANA ISLANDS": "MP",
};

/** USPS code for a state name or code as written in a CMS file; null when unknown. */
export function stateCode(text: string): string | null {
  const key = text.trim().toUpperCase().replace(/\s+/g, " ");
  if (/^[A-Z]{2}$/.test(key) && Object.values(STATES).includes(key)) return key;
  return STATES[key] ?? null;
}

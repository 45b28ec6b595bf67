/** The navigation shown on every served page. */
export const SITE_NAV: { href: string; label: string }[] = [
  { href: "/", label: "Publications" },
  { href: "/explorer", label: "Benchmark explorer" },
  { href: "/check", label: "Claim checker" },
  { href: "/contracts", label: "Contracts" },
  { href: "/hospitals", label: "Hospital files" },
  { href: "/crosscheck", label: "Hospital vs payer" },
  { href: "/payers", label: "Payers" },
  { href: "/alerts", label: "Alerts" },
  { href: "/api/v1/reference", label: "API reference" },
];

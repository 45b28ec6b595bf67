/**
 * Public pages of the sources a publication cites, so a reader can check every figure. Addresses of
 * CMS's own pages (fee schedule files, NCCI tables, the Medicare Coverage Database).
 */
export const CMS_LINKS = {
  pfsRvu: "https://www.cms.gov/medicare/payment/fee-schedules/physician/pfs-relative-value-files",
  ncciPtp:
    "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-procedure-procedure-ptp-edits",
  ncciMue:
    "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-medically-unlikely-edits",
  ncciAddOn:
    "https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-add-code-edits",
  lcdFacet: "https://www.cms.gov/medicare-coverage-database/view/lcd.aspx?lcdid=38801",
  articleFacet: "https://www.cms.gov/medicare-coverage-database/view/article.aspx?articleid=58403",
  icd10: "https://www.cms.gov/medicare/coding-billing/icd-10-codes",
  nucc: "https://www.nucc.org/index.php/code-sets-mainmenu-41/provider-taxonomy-mainmenu-40",
  pos: "https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets",
} as const;

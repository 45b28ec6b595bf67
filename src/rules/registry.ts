import type { Rule } from "./rule.js";
import { addOnOncePerDay } from "./add-on-once-per-day.js";
import { bilateral50WithSide } from "./bilateral-50-with-side.js";
import { bilateralNotApplicable } from "./bilateral-not-applicable.js";
import { bilateralPayerFormat } from "./bilateral-payer-format.js";
import { bilateralTwoUnits } from "./bilateral-two-units.js";
import { claimDiagnosisValid } from "./claim-diagnosis-valid.js";
import { facetDuplicateLevel } from "./facet-duplicate-level.js";
import { facetLevelCount } from "./facet-level-count.js";
import { facetRegionMismatch } from "./facet-region-mismatch.js";
import { facetUnitsNotLevels } from "./facet-units-not-levels.js";
import { facetWithParavertebralBlock } from "./facet-with-paravertebral-block.js";
import { imageGuidanceBundled } from "./image-guidance-bundled.js";
import { lcdCoveredDiagnosis } from "./lcd-covered-diagnosis.js";
import { lcdFrequency } from "./lcd-frequency.js";
import { lcdKxDiagnostic } from "./lcd-kx-diagnostic.js";
import { lcdLevelsPerSession } from "./lcd-levels-per-session.js";
import { lcdRfaPrerequisites } from "./lcd-rfa-prerequisites.js";
import { lcdSedation } from "./lcd-sedation.js";
import { ncciAddOnPrimary } from "./ncci-add-on-primary.js";
import { ncciMue } from "./ncci-mue.js";
import { ncciPtp } from "./ncci-ptp.js";
import { policyMaxLevels } from "./policy-max-levels.js";
import { policyMinimumRelief } from "./policy-minimum-relief.js";
import { policyNotCovered } from "./policy-not-covered.js";
import { policySessionFrequency } from "./policy-session-frequency.js";
import { priorAuthorization } from "./prior-authorization.js";
import { ultrasoundFacet } from "./ultrasound-facet.js";

/** Every claim rule, in report order: coding (NCCI, levels, bilateral), then coverage, then payer policy. */
export const RULES: readonly Rule[] = [
  claimDiagnosisValid,
  ncciAddOnPrimary,
  facetUnitsNotLevels,
  facetLevelCount,
  facetDuplicateLevel,
  facetRegionMismatch,
  addOnOncePerDay,
  ncciMue,
  ncciPtp,
  imageGuidanceBundled,
  ultrasoundFacet,
  facetWithParavertebralBlock,
  bilateral50WithSide,
  bilateralTwoUnits,
  bilateralPayerFormat,
  bilateralNotApplicable,
  lcdLevelsPerSession,
  lcdKxDiagnostic,
  lcdFrequency,
  lcdCoveredDiagnosis,
  lcdRfaPrerequisites,
  lcdSedation,
  priorAuthorization,
  policyMaxLevels,
  policySessionFrequency,
  policyNotCovered,
  policyMinimumRelief,
];

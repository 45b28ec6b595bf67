import type { Side } from "./spinal-levels.js";

/**
 * What was done in a session, in clinical terms rather than codes: the input of the procedure
 * coder and the optional `facts` of a claim that the coverage rules read (levels, guidance,
 * purpose, prior blocks and their relief).
 */

/** The procedure kinds the coder understands. */
export type ProcedureKind =
  "facet-injection" | "radiofrequency-ablation" | "paravertebral-block" | "transforaminal-epidural";

/** Facet injection technique: into the joint, or at the medial branch nerves; both are one level. */
export type FacetTechnique = "intra-articular" | "medial-branch";

export type Guidance = "fluoroscopy" | "ct" | "ultrasound" | "mri" | "none";

export type Sedation = "none" | "local" | "moderate" | "mac" | "general";

/** Radiofrequency technique: only conventional thermal RF is covered by Medicare (LCD). */
export type AblationTechnique = "thermal" | "pulsed" | "cooled" | "cryo" | "chemical" | "laser";

/** One level treated, with its side. */
export interface LevelTreated {
  /** e.g. "C4-C5" (canonical form after parsing) */
  level: string;
  side: Side;
}

/** An earlier block and the relief it gave (the RF and second-block prerequisites read these). */
export interface PriorBlock {
  /** ISO date */
  date: string;
  kind: "diagnostic" | "therapeutic" | "radiofrequency";
  /** Percent relief of the index pain, 0–100. */
  reliefPercent: number;
  /** How long the relief lasted, in weeks, when known (repeat therapeutic and RF rules). */
  durationWeeks?: number;
}

/** The procedure facts of one session. Every field is optional: rules that need one skip or say so. */
export interface ProcedureFacts {
  procedure?: ProcedureKind;
  technique?: FacetTechnique;
  levels?: LevelTreated[];
  guidance?: Guidance;
  purpose?: "diagnostic" | "therapeutic";
  sedation?: Sedation;
  ablationTechnique?: AblationTechnique;
  /** Thoracic paravertebral block: number of injection sites; continuous catheter infusion. */
  injectionSites?: number;
  continuousInfusion?: boolean;
  priorBlocks?: PriorBlock[];
  /**
   * The relief this session gave, recorded afterwards (0–100 %, and for how many weeks): on a
   * `--history` claim it is what later claims' prerequisite rules read as a prior block.
   */
  reliefPercent?: number;
  reliefWeeks?: number;
}

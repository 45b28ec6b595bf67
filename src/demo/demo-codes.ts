/**
 * The codes the main job publishes: the facet-joint and paravertebral families named in
 * docs/product.md, plus the transforaminal epidural family (64479–64484), which costs little more.
 */
export const DEMO_CODES: readonly string[] = [
  // Facet joint injections / medial branch blocks: cervical-thoracic, lumbar-sacral.
  "64490",
  "64491",
  "64492",
  "64493",
  "64494",
  "64495",
  // Paravertebral blocks.
  "64461",
  "64462",
  "64463",
  // Facet joint radiofrequency ablation.
  "64633",
  "64634",
  "64635",
  "64636",
  // Transforaminal epidural injections.
  "64479",
  "64480",
  "64483",
  "64484",
  // Imaging guidance, included in the codes above: their pages say so, and related codes link to them.
  "76942",
  "77002",
  "77003",
  "77012",
];

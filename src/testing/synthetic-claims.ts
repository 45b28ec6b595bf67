import type { Claim, ClaimLine } from "../sources/claims/claim.js";
import { codeProcedure } from "../analyze/procedure-coder/code-procedure.js";
import type { LevelTreated, ProcedureFacts } from "../sources/claims/procedure-facts.js";
import { SeededRandom } from "../sources/synthetic/seeded-random.js";

/**
 * SYNTHETIC claims for the benchmark: a seeded, realistic mix of facet blocks, RF ablations,
 * transforaminal epidurals and paravertebral blocks, coded correctly by the procedure coder and
 * then, for about a third of them, given a typical billing mistake (imaging billed, RT/LT lines to
 * Medicare, units for nerves, a missing primary, a wrong-region add-on, a pain-symptom diagnosis).
 * No real patient or provider: ids say SYNTH, the NPI is the standard test number.
 */
export function syntheticClaims(count: number, seed = 42): Claim[] {
  const rng = new SeededRandom(seed);
  const random = (): number => rng.next();
  const pick = <T>(items: readonly T[]): T => rng.pick(items);
  const payers = [
    "Medicare Part B",
    "Medicare Part B",
    "Medicare Part B",
    "Aetna",
    "Anthem Blue Cross",
    "Cigna",
    "UnitedHealthcare",
    "Blue Cross Blue Shield of North Dakota",
  ];
  const cervical = ["C2-C3", "C3-C4", "C4-C5", "C5-C6", "C6-C7", "C7-T1"];
  const lumbar = ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"];
  const claims: Claim[] = [];
  for (let i = 0; i < count; i++) {
    const payer = pick(payers);
    const lumbarCase = random() < 0.65;
    const run = lumbarCase ? lumbar : cervical;
    const levelCount = random() < 0.15 ? 3 : random() < 0.6 ? 2 : 1;
    const start = Math.floor(random() * (run.length - levelCount + 1));
    const side = pick(["bilateral", "bilateral", "left", "right"] as const);
    const levels: LevelTreated[] = run
      .slice(start, start + levelCount)
      .map((level) => ({ level, side }));
    const kind = random();
    const facts: ProcedureFacts = { levels, guidance: "fluoroscopy" };
    if (kind < 0.6) {
      facts.procedure = "facet-injection";
      facts.technique = "medial-branch";
      facts.purpose = random() < 0.7 ? "diagnostic" : "therapeutic";
    } else if (kind < 0.85) {
      facts.procedure = "radiofrequency-ablation";
      facts.ablationTechnique = "thermal";
      facts.priorBlocks = [
        { date: "2025-01-06", kind: "diagnostic", reliefPercent: 90 },
        { date: "2025-02-03", kind: "diagnostic", reliefPercent: random() < 0.8 ? 85 : 60 },
      ];
    } else facts.procedure = "transforaminal-epidural";
    const payerKey = payer.startsWith("Medicare")
      ? "medicare"
      : payer.startsWith("Blue")
        ? "bcbsnd"
        : "other";
    const coded = codeProcedure(facts, {
      payer: payerKey,
      bilateralFormat: payerKey === "bcbsnd" ? "rt-lt" : "modifier-50",
    });
    const lines: ClaimLine[] = coded.lines.map((line) => ({
      code: line.code,
      modifiers: line.modifiers,
      units: line.units,
      diagnosisPointers: [1],
    }));
    let diagnoses = [
      lumbarCase
        ? pick(["M47.816", "M47.817", "M47.896"])
        : pick(["M47.812", "M47.813", "M47.892"]),
    ];
    if (facts.procedure === "transforaminal-epidural") {
      diagnoses = [lumbarCase ? "M54.16" : "M54.12"];
    }
    const mistake = random();
    if (mistake < 0.06) {
      lines.push({ code: "77003", modifiers: [], units: 1, diagnosisPointers: [1] });
    } else if (mistake < 0.1 && lines[0]!.modifiers.includes("50")) {
      lines.splice(0, 1, { ...lines[0]!, modifiers: ["RT"] }, { ...lines[0]!, modifiers: ["LT"] });
    } else if (mistake < 0.14) lines[0]!.units = 2 + Math.floor(random() * 3);
    else if (mistake < 0.17 && lines.length > 1) lines.shift();
    else if (mistake < 0.2) diagnoses = [lumbarCase ? "M54.50" : "M54.2"];
    else if (mistake < 0.23) {
      lines.push({ code: "99152", modifiers: [], units: 1, diagnosisPointers: [1] });
    } else if (mistake < 0.26 && lumbarCase && facts.procedure === "facet-injection") {
      lines.push({
        code: "64492",
        modifiers: lines[0]!.modifiers,
        units: 1,
        diagnosisPointers: [1],
      });
    }
    const month = String(1 + Math.floor(random() * 12)).padStart(2, "0");
    const day = String(1 + Math.floor(random() * 28)).padStart(2, "0");
    const claim: Claim = {
      id: `SYNTH-${String(i + 1).padStart(7, "0")}`,
      payer,
      dateOfService: `2025-${month}-${day}`,
      placeOfService: pick(["11", "11", "24", "22", "19"]),
      renderingNpi: "1234567893",
      patientId: `SYNTH-P${Math.floor(random() * count)}`,
      diagnoses,
      lines,
      facts,
      origin: { file: "synthetic", location: `claim ${i + 1}` },
    };
    if (random() < 0.5) claim.priorAuthorization = `SYNTH-PA-${i}`;
    claims.push(claim);
  }
  return claims;
}

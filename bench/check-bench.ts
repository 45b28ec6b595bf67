/**
 * `npm run bench:check`: claim-checker throughput on one core. Generates a seeded, SYNTHETIC,
 * realistic batch (facet blocks, RF ablations, epidurals; about a third with a typical billing
 * mistake), checks every claim against all rules with the real bundled NCCI/PFS/ICD data and the
 * bundled payer policies, and reports claims per second (median of 5 runs). Also times parsing
 * the same batch as JSONL and as X12 837P. `node build/bench/check-bench.js [COUNT]`.
 */
import { loadBundledReferenceData } from "../src/analyze/reference/load-reference-data.js";
import { checkClaim } from "../src/rules/check-claim.js";
import { loadPolicyBook } from "../src/rules/policies/load-policy-book.js";
import { syntheticClaims } from "../src/rules/synthetic-claims.js";
import { parseClaims } from "../src/sources/claims/parse-claims.js";
import { writeX12837p } from "../src/sources/claims/write-x12-837p.js";

const count = Number(process.argv[2] ?? 50_000);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const [ref, policies] = await Promise.all([loadBundledReferenceData(), loadPolicyBook()]);
const claims = syntheticClaims(count);
const history = syntheticClaims(200, 7);

// One untimed pass first, so the numbers measure the optimised code rather than the JIT warming up.
for (const claim of claims) checkClaim(ref, claim, { policies, history });
const rates: number[] = [];
let findings = 0;
let errors = 0;
for (let run = 0; run < 5; run++) {
  findings = 0;
  errors = 0;
  const start = performance.now();
  for (const claim of claims) {
    const result = checkClaim(ref, claim, { policies, history });
    findings += result.findings.length;
    errors += result.counts.error;
  }
  rates.push(count / ((performance.now() - start) / 1000));
}

const jsonl = claims.map((claim) => JSON.stringify(claim)).join("\n");
const x12 = writeX12837p(claims);
const time = (fn: () => unknown): number => {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
};
const jsonlSeconds = median([0, 1, 2].map(() => time(() => parseClaims(jsonl, "bench.jsonl"))));
const x12Seconds = median([0, 1, 2].map(() => time(() => parseClaims(x12, "bench.837p"))));

const perSecond = median(rates);
process.stdout.write(
  [
    `claims: ${count} synthetic (seed 42), ${claims.reduce((n, c) => n + c.lines.length, 0)} lines, history ${history.length} claims`,
    `check: ${Math.round(perSecond).toLocaleString("en-US")} claims/s median of 5 (runs: ${rates.map((r) => Math.round(r)).join(", ")}), ${findings} findings, ${errors} errors per pass`,
    `parse JSONL: ${Math.round(count / jsonlSeconds).toLocaleString("en-US")} claims/s (${(Buffer.byteLength(jsonl) / 1e6).toFixed(1)} MB)`,
    `parse 837P: ${Math.round(count / x12Seconds).toLocaleString("en-US")} claims/s (${(Buffer.byteLength(x12) / 1e6).toFixed(1)} MB)`,
    `target 20,000 claims/s: ${perSecond >= 20_000 ? "met" : "NOT met"}`,
    "",
  ].join("\n"),
);
process.exitCode = perSecond >= 20_000 ? 0 : 1;

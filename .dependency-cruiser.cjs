// The import direction of docs/architecture.md, checked by `npm run lint:deps` (part of `npm test`).
//
//   sources ─▶ normalize ─▶ store ─▶ ingest ─▶ analyze ─▶ rules ─▶ present (present/, http/)
//                                                                      ─▶ demo (the main job) ─▶ cli
//
// A stage imports its own folder and the stages to its left, never one to its right. `src/ingest`
// drives sources → normalize → store (and only those). `src/errors.ts` is shared by every stage.
// `src/testing/` and `bench/` are scaffolding: tests and benchmarks import them, the product never.
// Tests (`*.test.ts`) may import any stage to build their fixtures.

/** Stages in pipeline order: each may import itself and those before it. */
const stages = [
  { name: "sources", path: "^src/sources/" },
  { name: "normalize", path: "^src/normalize/" },
  { name: "store", path: "^src/store/" },
  { name: "ingest", path: "^src/ingest/" },
  { name: "analyze", path: "^src/analyze/" },
  { name: "rules", path: "^src/rules/" },
  { name: "present", path: "^src/(present|http)/" },
  { name: "demo", path: "^src/demo/" },
  { name: "cli", path: "^src/(cli/|cli[.]ts$)" },
];

const testFile = "[.]test[.]ts$";

/** One rule per stage: nothing of a later stage. */
const stageRules = stages.slice(0, -1).map((stage, i) => ({
  name: `${stage.name}-imports-downstream`,
  comment: `${stage.name} may import itself, ${stages
    .slice(0, i)
    .map((s) => `${s.name}, `)
    .join("")}src/errors.ts; nothing downstream (docs/architecture.md)`,
  severity: "error",
  from: { path: stage.path, pathNot: testFile },
  to: { path: stages.slice(i + 1).map((s) => s.path) },
}));

module.exports = {
  forbidden: [
    ...stageRules,
    {
      name: "ingest-beyond-its-stages",
      comment: "src/ingest drives sources → normalize → store only (no analysis, no present)",
      severity: "error",
      from: { path: "^src/ingest/", pathNot: testFile },
      to: { path: "^src/(analyze|rules|present|cli|http|demo)/" },
    },
    {
      name: "product-imports-scaffolding",
      comment:
        "src/testing/ and bench/ are for tests and benchmarks; the product never imports them",
      severity: "error",
      from: { path: "^src/", pathNot: [testFile, "^src/testing/", "^src/.+/testing/"] },
      to: { path: ["^src/testing/", "^src/.+/testing/", "^bench/"] },
    },
    {
      name: "no-circular",
      comment: "a cycle hides which module is upstream",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "an import that resolves to nothing",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^dist/", "^build/", "^node_modules/"] },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".cjs", ".mjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

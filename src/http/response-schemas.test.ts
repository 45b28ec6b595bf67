/**
 * Real answers of every `/api/v1` route parse with the zod schema the OpenAPI document declares for
 * them (integers are integers, nullable fields are null rather than missing, enums hold).
 */
import type { z } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./create-app.js";
import { httpFixture, type HttpFixture } from "../testing/http-test-fixture.js";
import { BenchmarkResultSchema } from "./schemas/benchmark-schema.js";
import { CheckResponseSchema, MedicareAnswerSchema } from "./schemas/check-schema.js";
import { CodeEntrySchema, CodeSearchSchema } from "./schemas/code-schema.js";
import { PublicationSchema } from "./schemas/publication-schema.js";
import { ProblemSchema } from "./schemas/request-schemas.js";
import { SAMPLE_CLAIM } from "../present/web/render-check-page.js";

let fixture: HttpFixture;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  fixture = await httpFixture();
  app = createApp(fixture.services);
});
afterAll(async () => {
  await fixture.close();
});

const CASES: [string, z.ZodType, RequestInit?][] = [
  ["/api/v1/codes?q=lumbar%20facet", CodeSearchSchema],
  ["/api/v1/codes/64491", CodeEntrySchema],
  ["/api/v1/codes/64490", CodeEntrySchema],
  ["/api/v1/benchmarks/64491", BenchmarkResultSchema],
  ["/api/v1/benchmarks/64491?synthetic=false&setting=facility", BenchmarkResultSchema],
  ["/api/v1/benchmarks/64491?market=zip:90012,35203", BenchmarkResultSchema],
  ["/api/v1/medicare/64491?year=2025", MedicareAnswerSchema],
  ["/api/v1/medicare/64493?year=2026&modifier=50", MedicareAnswerSchema],
  ["/api/v1/publications/64491", PublicationSchema],
  ["/api/v1/publications/64490", PublicationSchema],
  [
    "/api/v1/check",
    CheckResponseSchema,
    { method: "POST", body: SAMPLE_CLAIM, headers: { "content-type": "application/json" } },
  ],
  ["/api/v1/benchmarks/ABCDE", ProblemSchema],
  ["/api/v1/benchmarks/64491?x=1", ProblemSchema],
];

describe("answers match their declared schemas", () => {
  it.each(CASES)("%s", async (path, schema, init) => {
    const response = await app.request(path, init);
    const result = schema.safeParse(await response.json());
    expect(result.error?.issues ?? []).toEqual([]);
  });
});

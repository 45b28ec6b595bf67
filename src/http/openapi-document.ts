/**
 * The OpenAPI 3.1 description of the JSON API served at `/api/openapi.json`. Written by hand
 * (the API is small); `create-app.test.ts` checks that every documented path answers.
 */
import { CONTRACTS_OPENAPI_PATHS } from "./contract-routes.js";

const code = { name: "code", in: "path", required: true, description: "CPT/HCPCS code, five letters or digits", schema: { type: "string", pattern: "^[A-Za-z0-9]{5}$" }, example: "64491" };
const error = (description: string): object => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const errors = { "400": error("Invalid parameters or input (UsageError, InputError)"), "404": error("Not found"), "422": error("Data needed for the answer is not loaded (DataMissingError)"), "500": error("Internal error") };
const json = (description: string, schema: object = { type: "object" }): object => ({ description, content: { "application/json": { schema } } });
const query = (name: string, description: string, schema: object = { type: "string" }): object => ({ name, in: "query", required: false, description, schema });

/** The document. */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "ratelens API",
    version: "0.1.0",
    description:
      "Reimbursement benchmarks from Transparency in Coverage files, Medicare Physician Fee Schedule amounts, code reference and claim checks. Figures from synthetic demo files are flagged `synthetic: true`.",
    license: { name: "Apache-2.0" },
  },
  paths: {
    "/api/codes": {
      get: { summary: "Search codes by number or words", parameters: [{ ...query("q", "Search text, e.g. `facet lumbar` or `6449`"), required: true }], responses: { "200": json("Matching code entries"), ...errors } },
    },
    "/api/codes/{code}": {
      get: { summary: "Code reference entry: plain-language description, add-on and primaries, modifiers, taxonomies, diagnoses, related codes", parameters: [code], responses: { "200": json("The code entry"), ...errors } },
    },
    "/api/benchmarks/{code}": {
      get: {
        summary: "Rate benchmark per payer for a code, against Medicare",
        parameters: [
          code,
          query("payer", "Payer name or alias; repeat or comma-separate"),
          query("state", "Two-letter state; repeat or comma-separate"),
          query("market", "A market: national, state:MD, locality:12302-01, cbsa:12580, county:24005 or zip:21201,21202 (providers placed by NPPES practice ZIP)"),
          query("setting", "Site of service", { type: "string", enum: ["facility", "nonfacility"] }),
          query("billingClass", "Billing class", { type: "string", enum: ["professional", "institutional"] }),
          query("modifier", "Billing-code modifier, e.g. 50"),
          query("taxonomy", "NUCC taxonomy code of the provider; repeat or comma-separate"),
          query("synthetic", "Include synthetic demo files (default true; always labelled)", { type: "string", enum: ["true", "false"] }),
        ],
        responses: { "200": json("BenchmarkResult: payers, Medicare rows, pooled commercial figure, cleaning counts, sources, gaps", { $ref: "#/components/schemas/BenchmarkResult" }), ...errors },
      },
    },
    "/api/medicare/{code}": {
      get: {
        summary: "Medicare Physician Fee Schedule amount with its inputs",
        parameters: [code, query("year", "Fee-schedule year, e.g. 2025", { type: "integer" }), query("locality", "MAC locality, e.g. 12102-01"), query("setting", "Site of service", { type: "string", enum: ["facility", "nonfacility"] })],
        responses: { "200": json("The amount, its RVUs, GPCIs, conversion factor and sources"), ...errors },
      },
    },
    "/api/publications/{code}": {
      get: { summary: "The per-code publication as JSON (the same object as the written `CODE.json`)", parameters: [code], responses: { "200": json("Publication"), ...errors } },
    },
    "/api/check": {
      post: {
        summary: "Check claims against coding rules (NCCI PTP, MUE, add-on, LCD, payer policy)",
        requestBody: {
          required: true,
          description: "One claim object, an array of claims, JSONL, CSV or X12 837P text",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Claim" } }, "text/plain": { schema: { type: "string" } } },
        },
        responses: { "200": json("Number of claims and the findings", { type: "object", properties: { claims: { type: "integer" }, findings: { type: "array", items: { $ref: "#/components/schemas/Finding" } } } }), "413": error("Body too large"), ...errors },
      },
    },
    ...CONTRACTS_OPENAPI_PATHS,
    "/api/openapi.json": { get: { summary: "This document", responses: { "200": json("OpenAPI 3.1 document") } } },
  },
  components: {
    schemas: {
      Error: { type: "object", required: ["error"], properties: { error: { type: "object", required: ["type", "message"], properties: { type: { type: "string" }, message: { type: "string" } } } } },
      Finding: {
        type: "object",
        required: ["ruleId", "severity", "message", "path", "source"],
        properties: {
          ruleId: { type: "string" },
          severity: { type: "string", enum: ["error", "warning", "info"] },
          message: { type: "string" },
          path: { type: "string" },
          fix: { type: "string" },
          source: { type: "object", required: ["key", "title"], properties: { key: { type: "string" }, title: { type: "string" }, url: { type: "string" }, effective: { type: "string" } } },
        },
      },
      Claim: {
        type: "object",
        required: ["payer", "dateOfService", "lines"],
        properties: {
          id: { type: "string" },
          payer: { type: "string" },
          dateOfService: { type: "string", format: "date" },
          placeOfService: { type: "string" },
          diagnoses: { type: "array", items: { type: "string" } },
          lines: { type: "array", items: { type: "object", required: ["code"], properties: { code: { type: "string" }, modifiers: { type: "array", items: { type: "string" } }, units: { type: "integer" }, diagnosisPointers: { type: "array", items: { type: "integer" } } } } },
        },
      },
      BenchmarkResult: {
        type: "object",
        required: ["billingCode", "payers", "medicare", "cleaning", "sources", "gaps", "containsSynthetic"],
        properties: {
          billingCode: { type: "string" },
          payers: { type: "array", items: { type: "object", properties: { payer: { type: "string" }, synthetic: { type: "boolean" }, stats: { type: "object" }, percentOfMedicare: { type: ["object", "null"] } } } },
          medicare: { type: "array", items: { type: "object" } },
          commercial: { type: ["object", "null"] },
          cleaning: { type: "array", items: { type: "object" } },
          sources: { type: "array", items: { type: "object" } },
          gaps: { type: "array", items: { type: "string" } },
          containsSynthetic: { type: "boolean" },
        },
      },
    },
  },
} as const;

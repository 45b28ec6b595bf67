import { pipeWithErrors } from "../pipe-with-errors.js";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createGunzip, Gunzip } from "node:zlib";
import { InputError } from "../../errors.js";
import type { ByteCount } from "../reference/read-text-lines.js";
import {
  emptyHeader,
  emptyPayerCharge,
  type HptHeader,
  type HptPayerCharge,
  type HptRecord,
} from "./hpt-record.js";
import { finding, type HptFinding } from "./hpt-finding.js";
import type { HptEvent } from "./hpt-event.js";
import { HptJsonCutter, JsonCutError, type JsonPart } from "./hpt-json-cutter.js";

type Json = Record<string, unknown>;

/** Reads a JSON value's fields with the schema's type checks, collecting findings. */
class Fields {
  constructor(
    private readonly findings: HptFinding[],
    private readonly path: string,
    private readonly value: Json,
  ) {}

  has(key: string): boolean {
    return key in this.value;
  }

  /** A string element: wrong type → `invalid-type`; "" → `empty-value` (the schemas' minLength 1). */
  str(key: string): string | null {
    const value = this.value[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") {
      this.findings.push(
        finding(
          "invalid-type",
          "error",
          null,
          `${this.path}.${key}`,
          `"${key}" must be a string, found ${typeof value} ${JSON.stringify(value)}`,
        ),
      );
      return typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : JSON.stringify(value);
    }
    if (value.trim() === "") {
      this.findings.push(
        finding(
          "empty-value",
          "error",
          null,
          `${this.path}.${key}`,
          `"${key}" is present but empty`,
        ),
      );
      return null;
    }
    return value.trim();
  }

  /** A number element, returned as its text; a string → `invalid-type`. */
  num(key: string): string | null {
    const value = this.value[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "number") {
      this.findings.push(
        finding(
          "invalid-type",
          "error",
          null,
          `${this.path}.${key}`,
          `"${key}" must be a number, found ${JSON.stringify(value)}`,
        ),
      );
      return typeof value === "string" ? value : null;
    }
    return String(value);
  }

  bool(key: string): boolean | null {
    const value = this.value[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "boolean") {
      this.findings.push(
        finding(
          "invalid-type",
          "error",
          null,
          `${this.path}.${key}`,
          `"${key}" must be true or false`,
        ),
      );
      return typeof value === "string" && value.toLowerCase() === "true";
    }
    return value;
  }

  /** A value the schema types by version (drug unit): its text and the JSON type it had. */
  scalar(key: string): { text: string; type: "string" | "number" } | null {
    const value = this.value[key];
    if (typeof value === "number") return { text: String(value), type: "number" };
    if (typeof value === "string") {
      return value.trim() === "" ? null : { text: value.trim(), type: "string" };
    }
    return null;
  }

  /** An array of strings (locations, addresses, NPIs). */
  strings(key: string): string[] {
    const value = this.value[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.findings.push(
        finding("invalid-type", "error", null, `${this.path}.${key}`, `"${key}" must be an array`),
      );
      return typeof value === "string" ? [value] : [];
    }
    const out: string[] = [];
    value.forEach((item: unknown, i) => {
      if (typeof item !== "string") {
        this.findings.push(
          finding(
            "invalid-type",
            "error",
            null,
            `${this.path}.${key}[${i}]`,
            `"${key}" entries must be strings`,
          ),
        );
      } else if (item.trim() === "") {
        this.findings.push(
          finding(
            "empty-value",
            "error",
            null,
            `${this.path}.${key}[${i}]`,
            `"${key}" has an empty entry`,
          ),
        );
      } else out.push(item.trim());
    });
    return out;
  }

  objects(key: string): { path: string; fields: Fields }[] {
    const value = this.value[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.findings.push(
        finding("invalid-type", "error", null, `${this.path}.${key}`, `"${key}" must be an array`),
      );
      return [];
    }
    return value.flatMap((item: unknown, i) => {
      const path = `${this.path}.${key}[${i}]`;
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        this.findings.push(
          finding("invalid-type", "error", null, path, `"${key}" entries must be objects`),
        );
        return [];
      }
      return [{ path, fields: new Fields(this.findings, path, item as Json) }];
    });
  }

  object(key: string): Fields | null {
    const value = this.value[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "object" || Array.isArray(value)) {
      this.findings.push(
        finding("invalid-type", "error", null, `${this.path}.${key}`, `"${key}" must be an object`),
      );
      return null;
    }
    return new Fields(this.findings, `${this.path}.${key}`, value as Json);
  }
}

/** Opens a local file, gunzipping it when its first bytes say gzip. */
export async function openLocal(file: string, count?: ByteCount): Promise<Readable> {
  const handle = await open(file, "r").catch((error: unknown) => {
    throw new InputError(
      file,
      {},
      `cannot open: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  });
  const head = Buffer.alloc(2);
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (head[0] !== 0x1f || head[1] !== 0x8b) return raw;
  // Piped, so read by 'data' events: counting there too changes nothing. (A plain file is read by
  // its consumer's iterator, which a 'data' listener would starve: its bytes are counted there.)
  if (count !== undefined) {
    raw.on("data", (chunk: string | Buffer) => {
      count.rawBytes += chunk.length;
    });
  }
  return pipeWithErrors(raw, createGunzip({ chunkSize: 1 << 20 }));
}

/**
 * Streams a CMS-template JSON file: root values are gathered until the first big array, then each
 * `standard_charge_information` element becomes one record per `standard_charges` entry. The
 * header event comes before the first record, built from the root values seen so far (the
 * template writes them first; ones written after the arrays are still checked, as findings,
 * at the end). Unparseable JSON is an `InputError` with the byte offset: the file is unusable.
 */
export async function* readHptJson(file: string, count?: ByteCount): AsyncGenerator<HptEvent> {
  const cutter = new HptJsonCutter();
  const root: Json = {};
  let headerSent = false;
  const input = await openLocal(file, count);
  const gzip = input instanceof Gunzip;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (count !== undefined) {
        count.bytes += chunk.length;
        if (!gzip) count.rawBytes += chunk.length;
      }
      let parts: JsonPart[];
      try {
        parts = cutter.push(chunk);
      } catch (error) {
        if (error instanceof JsonCutError) {
          throw new InputError(
            file,
            { byteOffset: error.byteOffset },
            `invalid JSON: ${error.problem}`,
            { cause: error },
          );
        }
        throw error;
      }
      for (const part of parts) {
        const value = parsePart(file, part);
        if (part.kind === "root") {
          root[part.key] = value;
          continue;
        }
        if (!headerSent) {
          headerSent = true;
          yield* headerEvents(root, false);
        }
        yield* elementEvents(part, value);
      }
    }
    try {
      cutter.end();
    } catch (error) {
      if (error instanceof JsonCutError) {
        throw new InputError(
          file,
          { byteOffset: error.byteOffset },
          `invalid JSON: ${error.problem}`,
          { cause: error },
        );
      }
      throw error;
    }
    yield* headerEvents(root, true);
  } finally {
    input.destroy();
  }
}

function parsePart(file: string, part: JsonPart): unknown {
  try {
    return JSON.parse(part.bytes.toString("utf8")) as unknown;
  } catch (error) {
    const path = part.kind === "root" ? `$.${part.key}` : `$.${part.section}[${part.index}]`;
    throw new InputError(
      file,
      { byteOffset: part.byteOffset, jsonPath: path },
      `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function* headerEvents(root: Json, final: boolean): Generator<HptEvent> {
  const findings: HptFinding[] = [];
  const header = jsonHeader(new Fields(findings, "$", root));
  header.labels = Object.keys(root);
  yield { kind: "header", header, layout: "json", columns: Object.keys(root), final };
  // Type findings once, from the complete root.
  if (final) for (const f of findings) yield { kind: "finding", finding: f };
}

/** The root values → header. */
export function jsonHeader(root: Fields): HptHeader {
  const header = emptyHeader();
  header.hospitalName = root.str("hospital_name");
  header.lastUpdatedOn = root.str("last_updated_on");
  header.version = root.str("version");
  header.locations = root.has("location_name")
    ? root.strings("location_name")
    : root.strings("hospital_location");
  header.addresses = root.strings("hospital_address");
  header.type2Npis = root.strings("type_2_npi");
  const license = root.object("license_information");
  header.licenseNumber = license?.str("license_number") ?? null;
  header.licenseState = license?.str("state") ?? null;
  const attestation = root.object("attestation") ?? root.object("affirmation");
  header.attestationConfirmed =
    attestation?.has("confirm_attestation") === true
      ? attestation.bool("confirm_attestation")
      : (attestation?.bool("confirm_affirmation") ?? null);
  header.attesterName = attestation?.str("attester_name") ?? null;
  return header;
}

function* elementEvents(
  part: Extract<JsonPart, { kind: "element" }>,
  value: unknown,
): Generator<HptEvent> {
  const findings: HptFinding[] = [];
  const path = `$.${part.section}[${part.index}]`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    yield {
      kind: "finding",
      finding: finding(
        "invalid-type",
        "error",
        null,
        path,
        `${part.section} entries must be objects`,
      ),
    };
    return;
  }
  const item = new Fields(findings, path, value as Json);
  if (part.section === "modifier_information") {
    modifierChecks(item, path, findings);
    for (const f of findings) yield { kind: "finding", finding: f };
    return;
  }
  const description = item.str("description");
  const codes: HptRecord["codes"] = [];
  const codeHalves: HptRecord["codeHalves"] = [];
  item.objects("code_information").forEach(({ fields }, i) => {
    const code = fields.str("code");
    const type = fields.str("type");
    if (code !== null && type !== null) codes.push({ code, type: type.toUpperCase() });
    else codeHalves.push({ index: i + 1, code, type });
  });
  const drug = item.object("drug_information");
  const unit = drug?.scalar("unit") ?? null;
  const drugUnit = unit?.text ?? null;
  const drugType = drug?.str("type") ?? null;
  const charges = item.objects("standard_charges");
  for (const f of findings.splice(0)) yield { kind: "finding", finding: f };
  for (const { path: chargePath, fields } of charges) {
    const payers: HptPayerCharge[] = fields
      .objects("payers_information")
      .map(({ path: payerPath, fields: p }) => {
        const payer = emptyPayerCharge(payerPath.slice(chargePath.length + 1));
        payer.payerName = p.str("payer_name");
        payer.planName = p.str("plan_name");
        payer.methodology = p.str("methodology");
        payer.dollar = p.num("standard_charge_dollar");
        payer.percentage = p.num("standard_charge_percentage");
        payer.algorithm = p.str("standard_charge_algorithm");
        payer.estimatedAmount = p.num("estimated_amount");
        payer.medianAmount = p.num("median_amount");
        payer.p10 = p.num("10th_percentile");
        payer.p90 = p.num("90th_percentile");
        payer.count = p.str("count");
        payer.notes = p.str("additional_payer_notes");
        return payer;
      });
    const modifierCodes = fields.strings("modifier_code");
    const record: HptRecord = {
      position: { row: null, jsonPath: chargePath },
      description,
      codes,
      codeHalves,
      modifiers: modifierCodes,
      setting: fields.str("setting"),
      billingClass: fields.str("billing_class"),
      drugUnit,
      ...(unit === null ? {} : { drugUnitJsonType: unit.type }),
      drugType,
      gross: fields.num("gross_charge"),
      discountedCash: fields.num("discounted_cash"),
      minimum: fields.num("minimum"),
      maximum: fields.num("maximum"),
      genericNotes: fields.str("additional_generic_notes"),
      payers,
    };
    for (const f of findings.splice(0)) yield { kind: "finding", finding: f };
    yield { kind: "record", record };
  }
}

/** `modifier_information[]`: code, description and payer entries are required strings. */
function modifierChecks(item: Fields, path: string, findings: HptFinding[]): void {
  for (const key of ["code", "description"]) {
    if (item.str(key) === null && !findings.some((f) => f.column === `${path}.${key}`)) {
      findings.push(
        finding("required-value", "error", null, `${path}.${key}`, `a modifier needs "${key}"`),
      );
    }
  }
  const setting = item.str("setting");
  if (setting !== null && !["inpatient", "outpatient", "both"].includes(setting.toLowerCase())) {
    findings.push(
      finding(
        "allowed-values",
        "error",
        null,
        `${path}.setting`,
        `"setting" is "${setting}"; allowed: inpatient, outpatient, both`,
      ),
    );
  }
  for (const { path: payerPath, fields } of item.objects("modifier_payer_information")) {
    for (const key of ["payer_name", "plan_name", "description"]) {
      if (fields.str(key) === null && !findings.some((f) => f.column === `${payerPath}.${key}`)) {
        findings.push(
          finding(
            "required-value",
            "error",
            null,
            `${payerPath}.${key}`,
            `a modifier's payer entry needs "${key}"`,
          ),
        );
      }
    }
  }
}

import { jsonSyntaxError } from "../../sources/json-syntax-error.js";

/**
 * A problem in one element, found while normalising it. It carries the JSON path and travels from a
 * worker thread as plain data; the ingester turns it into an `InputError` naming the file and the
 * byte offset of the element.
 */
export class NormalizeError extends Error {
  constructor(
    readonly jsonPath: string,
    readonly problem: string,
  ) {
    super(`${problem} (${jsonPath})`);
  }
}

type Json = unknown;

/**
 * A `JSON.parse` failure on `text`: its message, and the UTF-8 byte offset within `text` of the
 * first character that makes it invalid, so the caller can add the element's file offset.
 */
export function jsonParseFailure(
  text: string,
  error: unknown,
): { byteOffset: number; message: string } {
  const failure = jsonSyntaxError(text, error);
  return {
    byteOffset: Buffer.byteLength(text.slice(0, failure.index)),
    message: failure.message,
  };
}

/** A plain object, or a `NormalizeError` naming the path. */
export function asObject(value: Json, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new NormalizeError(path, `expected an object, found ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** An array, or a `NormalizeError`. */
export function asArray(value: Json, path: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new NormalizeError(path, `expected an array, found ${describe(value)}`);
  }
  return value;
}

/** A required string field; numbers are accepted and written as text (codes like 99213 unquoted). */
export function requiredText(object: Record<string, unknown>, key: string, path: string): string {
  const value = object[key];
  if (value === undefined || value === null) {
    throw new NormalizeError(`${path}.${key}`, `missing required field "${key}"`);
  }
  return typeof value === "string" ? value : textOf(value, `${path}.${key}`);
}

/** An optional string field (numbers written as text). */
export function optionalText(
  object: Record<string, unknown>,
  key: string,
  path: string,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  // The path is spelled out only off the common case: these run for every field of a file.
  return typeof value === "string" ? value : textOf(value, `${path}.${key}`);
}

function textOf(value: unknown, path: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new NormalizeError(path, `expected a string, found ${describe(value)}`);
}

/** A required number; numeric strings ("123.45") are accepted because some payers quote them. */
export function requiredNumber(object: Record<string, unknown>, key: string, path: string): number {
  const value = object[key];
  if (value === undefined || value === null) {
    throw new NormalizeError(`${path}.${key}`, `missing required field "${key}"`);
  }
  return typeof value === "number" && Number.isFinite(value)
    ? value
    : numberOf(value, `${path}.${key}`);
}

/** An optional number. */
export function optionalNumber(
  object: Record<string, unknown>,
  key: string,
  path: string,
): number | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === "number" && Number.isFinite(value)
    ? value
    : numberOf(value, `${path}.${key}`);
}

function numberOf(value: unknown, path: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  throw new NormalizeError(path, `expected a number, found ${describe(value)}`);
}

/** An optional list of strings (a lone string is taken as a one-element list). */
export function optionalTextList(
  object: Record<string, unknown>,
  key: string,
  path: string,
): string[] | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [value];
  const list = Array.isArray(value) ? (value as unknown[]) : asArray(value, `${path}.${key}`);
  const texts = new Array<string>(list.length);
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    texts[index] = typeof item === "string" ? item : textOf(item, `${path}.${key}[${index}]`);
  }
  return texts;
}

/** Short description of a JSON value for messages. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value;
}

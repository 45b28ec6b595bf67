import { readFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../../errors.js";
import { parseBillingCode } from "../../sources/billing-code.js";

const code = z.string().refine((value) => parseBillingCode(value) !== null, "not a CPT/HCPCS code");

/** A watch file: what `ratelens alerts` looks at and when it speaks up. */
const WatchSchema = z
  .object({
    /** Says whether the file is sample data; shown on every alert it produces. */
    synthetic: z.boolean().default(false),
    codes: z.array(code).min(1),
    /** Payer names as `ratelens files` shows them (aliases work: "Aetna", "BUCA" is not a payer here). */
    payers: z.array(z.string().min(1)).min(1),
    /** Policy book keys (data/policies/*.json: "medicare", "aetna"); default: none. */
    policies: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
    thresholds: z
      .object({
        /** Alert when a code's median dollar rate moves by more than this many percent. */
        medianMovePercent: z.number().nonnegative().default(3),
        /** Alert when more than this share (0–1) of a code's providers changed rate. */
        shareChanged: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({ medianMovePercent: 3 }),
    /** Policy versions taking effect within this many days are announced. */
    policyDaysAhead: z.number().int().nonnegative().default(30),
    /** Yearly volumes (units billed) per code: turn moves into dollars. */
    volumes: z.record(code, z.number().nonnegative()).default({}),
    /**
     * The user's own fee schedule (dollars per unit, per code): prices the claims a policy change
     * touches. Codes without a fee are priced at the watched payer's latest median rate.
     */
    fees: z.record(code, z.number().nonnegative()).default({}),
  })
  .strict();

export type Watch = z.infer<typeof WatchSchema>;

/** JSON path of a zod issue path: `$.thresholds.medianMovePercent`, `$.codes[2]`. */
function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === "number" ? `${text}[${String(part)}]` : `${text}.${String(part)}`,
    "$",
  );
}

/** Validates a watch file's JSON; errors name the file and the JSON path. */
export function parseWatch(value: unknown, file: string): Watch {
  const parsed = WatchSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      file,
      { jsonPath: jsonPath(issue?.path ?? []) },
      issue?.message ?? "invalid watch file",
      { cause: parsed.error },
    );
  }
  return { ...parsed.data, codes: parsed.data.codes.map((c) => parseBillingCode(c) ?? c) };
}

/** Reads and validates a watch file. */
export async function readWatchFile(file: string): Promise<Watch> {
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new InputError(file, {}, "cannot read the watch file", { cause: error });
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      file,
      {},
      `not JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  return parseWatch(value, file);
}

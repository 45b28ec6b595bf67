import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { bundledReferenceDir } from "../../analyze/reference/bundled-files.js";
import { InputError } from "../../errors.js";
import { parsePayerPolicy } from "./policy-book.js";
import type { PayerPolicy, PolicyBook } from "./policy-types.js";

/** `data/policies/` in the repository, beside `data/reference` (found from src/ or dist/src/). */
export function bundledPolicyDir(): string {
  return join(dirname(bundledReferenceDir()), "policies");
}

/** Reads every `<payer>.json` in `dir` (default: the bundled policies) into a policy book. */
export async function loadPolicyBook(dir: string = bundledPolicyDir()): Promise<PolicyBook> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const book = new Map<string, PayerPolicy>();
  for (const name of names) {
    const file = join(dir, name);
    const text = await readFile(file, "utf8");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(
        file,
        {},
        `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const policy = parsePayerPolicy(value, file);
    if (`${policy.payer}.json` !== name) {
      throw new InputError(
        file,
        { jsonPath: "$.payer" },
        `payer "${policy.payer}" does not match the file name`,
      );
    }
    book.set(policy.payer, policy);
  }
  return book;
}

/**
 * Golden-file comparison for tests: reads the expected output; rewrites it only when
 * `UPDATE_GOLDEN=1` is set (never in CI), so a changed renderer fails until a human accepts it.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** The expected text, after rewriting it first when `UPDATE_GOLDEN=1` (and not in CI). */
export async function readGolden(path: string, actual: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.UPDATE_GOLDEN === "1" && env.CI === undefined) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
    return actual;
  }
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`golden file ${path} is missing: run the test locally with UPDATE_GOLDEN=1 and review it`, { cause: error });
  }
}

/**
 * The one golden-file comparison for tests. A golden sits beside its test (`golden/` next to the
 * test file) and holds the expected output of a renderer. It is rewritten only when a person asks
 * (`UPDATE_GOLDEN=1`) outside CI; in CI a missing or different golden fails the test, so a
 * changed renderer fails until someone reviews and accepts the new output.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** True on a CI runner (`CI` set to anything but "false"/"0", as GitHub Actions and .ci/run do). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0";
}

/**
 * The expected text for `actual`, read from the golden at `path`. With `UPDATE_GOLDEN=1` outside
 * CI the golden is first rewritten with `actual` (so the comparison passes and the diff shows in
 * git). A missing golden throws, locally and in CI: it is never written silently.
 */
export async function readGolden(
  path: string,
  actual: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (env.UPDATE_GOLDEN === "1" && !inCi(env)) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
    return actual;
  }
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new Error(
      `golden file ${path} is missing: run the test locally with UPDATE_GOLDEN=1 and review it`,
      { cause: error },
    );
  }
}

/** The path of `name` in the `golden/` folder beside the test module at `testUrl`. */
export function goldenPath(testUrl: string, name: string): string {
  return new URL(`golden/${name}`, testUrl).pathname;
}

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { listIndexFiles, type ListedFile } from "./index-files.js";

const fixtures = resolve(import.meta.dirname, "../../sources/tic/fixtures");
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function listAll(location: string): Promise<ListedFile[]> {
  const files: ListedFile[] = [];
  await listIndexFiles(location, (batch) => {
    files.push(...batch);
  });
  return files;
}

describe("listIndexFiles", () => {
  it("lists every in-network and allowed-amount file with its structure's plans, resolved against the index", async () => {
    const index = join(fixtures, "index-local-files.json");
    const files = await listAll(index);
    expect(files.length).toBeGreaterThan(1);
    expect(files.every((file) => file.url.startsWith(fixtures) && file.index === index)).toBe(true);
    expect(files[0]?.url).toBe(join(fixtures, "bom.json"));
    expect(files[0]?.plans.map((plan) => plan.plan_name)).toEqual([
      "Synthetic Plan A",
      "Synthetic Plan B",
    ]);
  });

  it("gives back a data file (not an index) as the one file to load", async () => {
    const file = join(fixtures, "quirks-v1.json");
    expect(await listAll(file)).toEqual([{ url: file, plans: [] }]);
  });

  it("names the file and byte offset of a truncated index", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ratelens-index-files-"));
    dirs.push(dir);
    const path = join(dir, "cut-index.json");
    await writeFile(
      path,
      '{"reporting_structure":[{"reporting_plans":[],"in_network_files":[{"location":"a.json"}]},{"reporting_plans"',
    );
    const error = await listAll(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /cut-index\.json \(byte \d+, .*\): unexpected end of input/,
    );
  });
});

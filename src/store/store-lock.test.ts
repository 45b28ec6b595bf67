import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../cli/exit-code.js";
import { StoreBusyError } from "../errors.js";
import { Store } from "./store.js";

/** Starts a process that opens `path` with DuckDB and holds it until killed. */
async function holdStore(path: string): Promise<{ pid: number; stop(): void }> {
  const script = `const { DuckDBInstance } = await import("@duckdb/node-api");
    await DuckDBInstance.create(${JSON.stringify(path)});
    process.stdout.write("ready\\n");
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => {
      resolve();
    });
    child.on("exit", (code) => {
      reject(new Error(`holder exited with ${code}`));
    });
  });
  return {
    pid: child.pid ?? 0,
    stop: () => {
      child.kill();
    },
  };
}

describe("a store file held by another process", () => {
  it("store lock conflict: a StoreBusyError naming the holder's PID and what to do, exit code 7", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ratelens-lock-"));
    const path = join(dir, "held.duckdb");
    const holder = await holdStore(path);
    try {
      const error = await Store.open(path).then(
        (store) => {
          store.close();
          return undefined;
        },
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StoreBusyError);
      const message = (error as StoreBusyError).message;
      expect(message).toContain(`process ${holder.pid}`);
      expect(message).toMatch(/Stop that process/);
      expect(message).not.toMatch(/Could not set lock/); // the raw DuckDB text stays in `cause`
      expect(exitCodeFor(error)).toBe(7);
    } finally {
      holder.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

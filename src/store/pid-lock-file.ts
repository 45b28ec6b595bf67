import { open, readFile, rm } from "node:fs/promises";
import { processAlive } from "./process-alive.js";

/**
 * Takes the lock file `path` for this process (created exclusively, holding the PID), or returns
 * the PID of the live process that holds it. A lock whose holder is gone (killed) is taken over.
 * Release it with `rm(path)`.
 */
export async function takePidLock(path: string): Promise<{ heldBy: number } | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return { heldBy: holder };
    await rm(path, { force: true }); // left by a process that was killed
  }
  return { heldBy: 0 };
}

import { describe, expect, it } from "vitest";
import { fromWire, toWire } from "./worker-messages.js";

describe("worker messages", () => {
  it("carries a file's options to a worker process and back, sets as sets", () => {
    const options = {
      codes: new Set(["64490", "64491"]),
      npis: new Set([1234567893]),
      offline: true,
      synthetic: true,
      cacheDir: "/tmp/cache",
      workers: 0,
      scratchThreads: 1,
      remote: { retries: 2 },
      download: { retries: 3 },
    };
    // Through JSON, as over the IPC channel.
    const back = fromWire(JSON.parse(JSON.stringify(toWire(options))) as ReturnType<typeof toWire>);
    expect(back).toEqual(options);
  });

  it("leaves out what is not set", () => {
    expect(toWire({})).toEqual({});
  });
});

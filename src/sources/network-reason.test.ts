import { describe, expect, it } from "vitest";
import { networkReason } from "./network-reason.js";

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("networkReason", () => {
  it("says in words what undici's wrapped socket errors mean", () => {
    const dropped = new TypeError("terminated", {
      cause: withCode("other side closed", "UND_ERR_SOCKET"),
    });
    expect(networkReason(dropped)).toBe("the server closed the connection");
    const refused = new TypeError("fetch failed", {
      cause: withCode("connect ECONNREFUSED 127.0.0.1:9", "ECONNREFUSED"),
    });
    expect(networkReason(refused)).toBe("the connection was refused");
  });

  it("falls back to the innermost message, or the value itself", () => {
    expect(networkReason(new Error("outer", { cause: new Error("no response within 60 s") }))).toBe(
      "no response within 60 s",
    );
    expect(networkReason(withCode("odd", "EWHATEVER"))).toBe("odd");
    expect(networkReason("aborted")).toBe("aborted");
  });
});

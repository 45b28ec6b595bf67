import { describe, expect, it } from "vitest";
import { exitCodeFor, EXIT } from "./cli/exit-code.js";
import { describeError, InputError, NotFoundError, UsageError } from "./errors.js";

describe("errors", () => {
  it("names the file and every part of the location", () => {
    const error = new InputError(
      "rates.json.gz",
      { byteOffset: 1234, jsonPath: "$.in_network[3].negotiated_rates" },
      "expected a number",
    );
    expect(error.message).toBe(
      "rates.json.gz (byte 1234, $.in_network[3].negotiated_rates): expected a number",
    );
    expect(error.name).toBe("InputError");
  });

  it("follows cause chains when describing an error", () => {
    const error = new InputError("f.csv", { line: 3, column: "WORK RVU" }, "not a number", {
      cause: new Error("NaN"),
    });
    expect(describeError(error)).toBe(
      "f.csv (line 3, column WORK RVU): not a number: caused by: NaN",
    );
  });

  it("maps each failure class to its own exit code", () => {
    expect(exitCodeFor(new UsageError("x"))).toBe(EXIT.usage);
    expect(exitCodeFor(new InputError("f", {}, "x"))).toBe(EXIT.input);
    expect(exitCodeFor(new NotFoundError("x"))).toBe(EXIT.notFound);
    expect(exitCodeFor(new Error("boom"))).toBe(EXIT.internal);
  });
});

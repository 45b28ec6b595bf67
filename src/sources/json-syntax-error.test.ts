import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstInvalidIndex, jsonSyntaxError } from "./json-syntax-error.js";

const thrown = (text: string): Error | undefined => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error as Error;
  }
  return undefined;
};

describe("jsonSyntaxError", () => {
  it("finds the place JSON.parse names, on thousands of broken documents, and -1 for valid ones", () => {
    const broken = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom("insert", "delete", "truncate"),
        fc.constantFrom(
          "{",
          "}",
          "[",
          "]",
          ":",
          ",",
          '"',
          "\\",
          " ",
          "-",
          ".",
          "e",
          "0",
          "x",
          "\n",
        ),
      )
      .map(([text, at, edit, char]) => {
        const k = at % (text.length + 1);
        if (edit === "insert") return text.slice(0, k) + char + text.slice(k);
        if (edit === "delete") return text.slice(0, k) + text.slice(k + 1);
        return text.slice(0, k);
      });
    fc.assert(
      fc.property(broken, (text) => {
        const error = thrown(text);
        const found = firstInvalidIndex(text);
        if (error === undefined) return found === -1;
        const named = /at position (\d+)/.exec(error.message);
        if (named !== null) return found === Number(named[1]);
        return found >= 0 && found <= text.length;
      }),
      { numRuns: 3000, seed: 15 },
    );
  });

  it("places an unexpected token, which JSON.parse names without a position, and drops its excerpt", () => {
    const text = '{"negotiated_rate": abc, "x": 1}';
    expect(jsonSyntaxError(text, thrown(text))).toEqual({
      index: text.indexOf("abc"),
      message: "Unexpected token 'a'",
    });
    const late = `[${"1,".repeat(30)}nul]`;
    expect(jsonSyntaxError(late, thrown(late))).toEqual({
      index: late.indexOf("]"),
      message: "Unexpected token ']'",
    });
    const tail = '{"a": 1} x';
    expect(jsonSyntaxError(tail, thrown(tail)).message).toBe(
      "Unexpected non-whitespace character after JSON",
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvText } from "../normalize/tic/csv-fields.js";
import { AscendingLines } from "./ascending-lines.js";

describe("AscendingLines", () => {
  it("keeps records whose first field does not decrease, across calls, bytes or text", () => {
    const order = new AscendingLines();
    order.note('0,a,"[1,2]",ein,1\n0,a,"[3]",ein,2\n');
    order.note(Buffer.from('2,"b,""c""",x\n7,,\n'));
    expect(order.inOrder).toBe(true);
    expect(order.distinct).toBe(3);
    order.note("6,z\n");
    expect(order.inOrder).toBe(false);
    order.note("9,z\n"); // once out of order, out of order
    expect(order.inOrder).toBe(false);
  });

  it("is out of order when a line does not start with a whole number: after a quoted newline too", () => {
    for (const lines of [
      '1,"a\nb",c\n2,d\n',
      "-1,a\n",
      ",a\n",
      '"3",a\n',
      "3\n",
      "1.5,a\n",
      "1234567890123456,a\n",
    ]) {
      const order = new AscendingLines();
      order.note(lines);
      expect({ lines, inOrder: order.inOrder }).toEqual({ lines, inOrder: false });
    }
  });

  it("never passes records out of order, and passes every ordered run without quoted newlines", () => {
    const field = fc.oneof(
      fc.constant(""),
      fc.string({ maxLength: 6 }).map((text) => csvText(text)),
      fc.constantFrom('"\n"', '"a,\n""b"""', '"\n7,"', '"[1,2]"', '""""'),
    );
    const record = fc.tuple(fc.nat(40), fc.array(field, { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), fc.nat(), (records, seed) => {
        const order = new AscendingLines();
        const lines = records.map(([key, fields]) => `${[String(key), ...fields].join(",")}\n`);
        // Staged in calls of whole records, a few at a time.
        let at = 0;
        for (let step = seed; at < lines.length; step = (step * 7 + 3) % 11) {
          const take = 1 + (step % 4);
          order.note(lines.slice(at, at + take).join(""));
          at += take;
        }
        const keys = records.map(([key]) => key);
        const ascending = keys.every((key, n) => n === 0 || key >= keys[n - 1]!);
        if (order.inOrder) expect(ascending).toBe(true);
        if (!lines.some((line) => line.indexOf("\n") < line.length - 1)) {
          expect(order.inOrder).toBe(ascending);
          if (ascending) expect(order.distinct).toBe(new Set(keys).size);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

/** Where `JSON.parse(text)` failed, and why. */
export interface JsonSyntaxError {
  /** Index (UTF-16) in `text` of the first character that makes it invalid (its length: it ends too soon). */
  readonly index: number;
  /** `JSON.parse`'s words, without its own position and excerpt (the caller names the place). */
  readonly message: string;
}

/**
 * Where and why `JSON.parse(text)` threw `error`. V8 gives the position for most faults, but for
 * an unexpected token only an excerpt of the text ("Unexpected token 'a', ..."ed_rate": abc,..."
 * is not valid JSON"); the position is then found by `firstInvalidIndex`.
 */
export function jsonSyntaxError(text: string, error: unknown): JsonSyntaxError {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  const found = position === null ? firstInvalidIndex(text) : Number(position[1]);
  const message = raw
    .replace(/ (?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?$/, "")
    .replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, "");
  return { index: Math.max(0, found), message };
}

/**
 * The index of the first character that makes `text` invalid JSON (RFC 8259), its length when it
 * ends too soon, or -1 when it is valid. Only called once a parse has failed, so written for
 * clarity, not speed; by hand because `JSON.parse` does not always say where.
 */
export function firstInvalidIndex(text: string): number {
  let i = 0;
  const space = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const digits = (): boolean => {
    const start = i;
    while (i < text.length && text[i]! >= "0" && text[i]! <= "9") i++;
    return i > start;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return false;
    return true;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c !== 0x5c) {
        i++;
        continue;
      }
      i++;
      if (i >= text.length) return false;
      if (text[i] === "u") {
        for (let k = 0; k < 4; k++) if (!/[0-9a-fA-F]/.test(text[++i] ?? "")) return false;
        i++;
      } else if ('"\\/bfnrt'.includes(text[i]!)) i++;
      else return false;
    }
    return false;
  };
  const number = (): boolean => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else if (!(text[i]! >= "1" && text[i]! <= "9") || !digits()) return false;
    if (text[i] === ".") {
      i++;
      if (!digits()) return false;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!digits()) return false;
    }
    return true;
  };
  const value = (): boolean => {
    space();
    const c = text[i];
    if (c === "{") {
      i++;
      space();
      if (text[i] === "}") return ++i > 0;
      for (;;) {
        space();
        if (text[i] !== '"' || !string()) return false;
        space();
        if (text[i] !== ":") return false;
        i++;
        if (!value()) return false;
        space();
        if (text[i] === "}") return ++i > 0;
        if (text[i] !== ",") return false;
        i++;
      }
    }
    if (c === "[") {
      i++;
      space();
      if (text[i] === "]") return ++i > 0;
      for (;;) {
        if (!value()) return false;
        space();
        if (text[i] === "]") return ++i > 0;
        if (text[i] !== ",") return false;
        i++;
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    return number();
  };
  if (!value()) return Math.min(i, text.length);
  space();
  return i < text.length ? i : -1;
}

/**
 * A hono/jsx element as markup text, for renderers whose callers take a string (the SVG charts,
 * embedded with `raw()` in pages and written into saved publications). Every value in the element
 * was escaped by hono/jsx; an asynchronous component would make the text a promise, which no
 * renderer here may produce.
 */
export function jsxMarkup(element: { toString(): string | Promise<string> }): string {
  const markup = element.toString();
  if (typeof markup !== "string") {
    throw new Error("jsxMarkup: an asynchronous component reached a synchronous renderer");
  }
  return markup;
}

/**
 * A "Download as CSV" link under every table of a page. The CSV is read back from the rendered
 * table rows, so each table gets one without a second description of its columns, and the file
 * can never disagree with what the page shows. The link carries the CSV as a `data:` URL: the
 * written page stays one self-contained file and the served page needs no extra route.
 */

const TABLE = /<table class="([a-z-]+)">([\s\S]*?)<\/table>/g;
const ROW = /<tr[^>]*>([\s\S]*?)<\/tr>/g;
const CELL = /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g;
const ENTITIES: Readonly<Record<string, string>> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};

/** Adds a CSV download link after each `<table class="…">` of `html`; `prefix` names the files. */
export function withCsvDownloads(html: string, prefix: string): string {
  return html.replace(TABLE, (table: string, className: string, inner: string) => {
    const csv = tableCsv(inner);
    const name = `${prefix}-${className}.csv`;
    const href = `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
    return `${table}<p class="csv-download"><a download="${name}" href="${href}">Download this table as CSV</a></p>`;
  });
}

/** The rows of a rendered table as CSV (RFC 4180 quoting, CRLF line ends). */
export function tableCsv(tableInner: string): string {
  const lines: string[] = [];
  for (const row of tableInner.matchAll(ROW)) {
    const cells = [...(row[1] ?? "").matchAll(CELL)].map((cell) =>
      csvField(cellText(cell[1] ?? "")),
    );
    if (cells.length > 0) lines.push(cells.join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

function cellText(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, " ")
    .trim();
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The page frame shared by the publication, the index and the web UI pages: one self-contained
 * HTML document with inline CSS (screen and print), no external assets, and the synthetic-data
 * banner when any figure on the page is synthetic.
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { jsxMarkup } from "../jsx-markup.js";

/** What goes into a page frame. `body` is trusted HTML produced by our own JSX renderers. */
export interface PageOptions {
  title: string;
  body: string;
  synthetic: boolean;
  /** Navigation links shown at the top (served pages); omitted in saved files. */
  nav?: { href: string; label: string }[];
}

/** The banner text shown (after "Synthetic data.") on every page that carries synthetic figures. */
export const SYNTHETIC_NOTICE =
  "Rows and series marked (synthetic) come from generated demo files, not from any payer. They show how ratelens works and are no evidence of any market rate.";

/** The props of the publication frame: the body as JSX children. */
export interface PublicationFrameProps {
  title: string;
  synthetic: boolean;
  nav?: readonly { href: string; label: string }[];
  /** Same-origin style sheets beside the frame's own CSS (served pages). */
  styles?: readonly string[];
  /** Same-origin script files (never inline: the CSP forbids inline script). */
  scripts?: readonly string[];
  children?: Child;
}

/**
 * The frame of the written publication pages (no script, navigation only when served). In
 * hono/jsx, so every value is escaped by construction; the CSS is our own constant.
 */
export function PublicationFrame(props: PublicationFrameProps) {
  const nav = props.nav ?? [];
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {/* Raw: our own constant CSS; the server's CSP allows exactly this text by hash. */}
        <style>{raw(PAGE_STYLE)}</style>
        {(props.styles ?? []).map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body>
        {nav.length === 0 ? null : (
          <nav class="top-nav">
            {nav.map((link, index) => (
              <>
                {index === 0 ? null : " · "}
                <a href={link.href}>{link.label}</a>
              </>
            ))}
          </nav>
        )}
        {props.synthetic ? (
          <div class="synthetic-banner" role="note">
            <strong>Synthetic data.</strong> {SYNTHETIC_NOTICE}
          </div>
        ) : null}
        <main>{props.children}</main>
        <footer>
          ratelens: open reimbursement intelligence. CPT® is a registered trademark of the American
          Medical Association; ratelens shows codes with its own plain-language descriptions, not
          AMA descriptors.
        </footer>
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
      </body>
    </html>
  );
}

/** A JSX page as a complete document. */
export function documentString(page: { toString(): string | Promise<string> }): string {
  return `<!doctype html>\n${jsxMarkup(page)}\n`;
}

/**
 * A complete page around trusted body HTML, for string renderers outside the publication
 * (e.g. the cross-check page); kept with its signature so they need no change.
 */
export function renderPage(options: PageOptions): string {
  return documentString(
    <PublicationFrame
      title={options.title}
      synthetic={options.synthetic}
      {...(options.nav === undefined ? {} : { nav: options.nav })}
    >
      {raw(options.body)}
    </PublicationFrame>,
  );
}

const PAGE_CSS = `:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --rule: #d8dde3; --accent: #1f5fa8; --warn-bg: #fff4e0; --warn: #8a5a12; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1360px; margin: 0 auto; padding: 12px 24px 32px; }
main p, main li, main dl, main h1 { max-width: 72rem; }
footer { max-width: 1360px; margin: 0 auto; padding: 16px 24px 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); }
h1 { font-size: 26px; margin: 16px 0 4px; }
h2 { font-size: 20px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
h3 { font-size: 16px; margin: 18px 0 6px; }
a { color: var(--accent); }
.subtitle, .muted { color: var(--muted); }
.top-nav { max-width: 1360px; margin: 0 auto; padding: 10px 24px 0; font-size: 14px; }
.synthetic-banner { max-width: 1312px; margin: 10px auto 0; padding: 10px 14px; background: var(--warn-bg); border: 1px solid #e7b768; border-left: 6px solid #c77d1a; color: #4d3208; }
.synthetic-marker { display: inline-block; padding: 0 5px; margin-left: 4px; border-radius: 3px; background: var(--warn-bg); border: 1px solid #e7b768; color: var(--warn); font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.missing { padding: 8px 12px; background: #f4f6f8; border-left: 4px solid #9aa5b1; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; }
table.benchmark-table { font-size: 12px; }
table.benchmark-table td:first-child { min-width: 170px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f4f6f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
tr.synthetic td { background: #fffaf2; }
.data-view { padding: 6px 10px; background: #f4f6f8; border-left: 4px solid var(--accent); }
td.stale { color: var(--warn); font-weight: 600; }
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.hash { word-break: break-all; }
.table-wrap { overflow-x: auto; }
.csv-download { margin: -6px 0 12px; font-size: 12px; }
.chart-wrap { overflow-x: auto; margin: 8px 0; }
.distribution-chart { width: 100%; max-width: 960px; height: auto; font-family: system-ui, sans-serif; }
.distribution-chart .chart-label { font-size: 12px; fill: #1b1f24; }
.distribution-chart .chart-tick, .distribution-chart .chart-legend { font-size: 11px; fill: #5b6470; }
.distribution-chart .chart-group { font-size: 12px; font-weight: 700; fill: #1b1f24; }
.distribution-chart .chart-medicare { font-size: 11px; fill: #1f5fa8; font-weight: 600; }
.sentences li { margin-bottom: 4px; }
dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) minmax(0, 1fr); gap: 4px 16px; margin: 8px 0; }
dd, td, li { overflow-wrap: anywhere; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin: 8px 0 16px; }
form.filters label { display: flex; flex-direction: column; font-size: 13px; }
input, select, textarea, button { font: inherit; }
textarea { width: 100%; min-height: 220px; font-family: ui-monospace, monospace; font-size: 13px; }
.severity-error { color: #a4161a; font-weight: 600; }
.severity-warning { color: #8a5a12; font-weight: 600; }
@media (max-width: 640px) {
  main, footer, .top-nav { padding-left: 12px; padding-right: 12px; }
  .synthetic-banner { margin: 8px 12px 0; }
  h1 { font-size: 21px; }
  dl.facts { grid-template-columns: minmax(0, 1fr); gap: 0; }
  dl.facts dd { margin-bottom: 6px; }
}
@media print {
  body { font-size: 11pt; }
  .top-nav, form.filters, button, .csv-download { display: none; }
  main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  table, .distribution-chart, tr { break-inside: avoid; }
  .synthetic-banner, .synthetic-marker, tr.synthetic td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}`;

/**
 * The exact text of every page's `<style>` element, exported so the server's Content-Security-Policy
 * can allow it by hash instead of allowing any inline style.
 */
export const PAGE_STYLE = `\n${PAGE_CSS}\n`;

/**
 * The frame of every page the server renders itself (explorer, claim checker, login, errors, API
 * reference), in hono/jsx: every interpolated value is escaped by construction. The same look as
 * the publication (`present/report/html-page.ts`): the same CSS, banner and footer.
 */
import type { Child } from "hono/jsx";
import { PAGE_STYLE, SYNTHETIC_NOTICE } from "../report/html-page.js";
import { SITE_NAV } from "./site-nav.js";

export interface PageFrameProps {
  title: string;
  synthetic?: boolean;
  nav?: readonly { href: string; label: string }[];
  /** Same-origin script files (never inline: the CSP forbids inline script). */
  scripts?: readonly string[];
  /** Same-origin style sheets beside the frame's own CSS. */
  styles?: readonly string[];
  children?: Child;
}

export function PageFrame(props: PageFrameProps) {
  const nav = props.nav ?? SITE_NAV;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {/* Raw: our own constant CSS (no input in it); the CSP allows exactly this text by hash. */}
        <style dangerouslySetInnerHTML={{ __html: PAGE_STYLE }} />
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
        {props.synthetic === true ? (
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

/** A JSX page as a complete document. Our components are synchronous, so the string is ready. */
export function renderDocument(page: { toString(): string | Promise<string> }): string {
  const html = page.toString();
  if (typeof html !== "string") {
    throw new Error("renderDocument: an asynchronous component reached a page");
  }
  return `<!doctype html>\n${html}`;
}

/** A short page for an error or a notice: a heading and one sentence. */
export function renderMessagePage(heading: string, message: string): string {
  return renderDocument(
    <PageFrame title={`${heading} · ratelens`}>
      <h1>{heading}</h1>
      <p class="missing">{message}</p>
    </PageFrame>,
  );
}

/**
 * The frame of every page the server renders itself (explorer, claim checker, login, errors, API
 * reference), in hono/jsx: every interpolated value is escaped by construction. The same look as
 * the publication: it is the publication's frame (`present/report/html-page.tsx`) with the site's
 * navigation, style sheets and scripts.
 */
import type { Child } from "hono/jsx";
import { PublicationFrame } from "../report/html-page.js";
import { jsxMarkup } from "../jsx-markup.js";
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
  return (
    <PublicationFrame
      title={props.title}
      synthetic={props.synthetic === true}
      nav={props.nav ?? SITE_NAV}
      {...(props.styles === undefined ? {} : { styles: props.styles })}
      {...(props.scripts === undefined ? {} : { scripts: props.scripts })}
    >
      {props.children}
    </PublicationFrame>
  );
}

/** A JSX page as a complete document. Our components are synchronous, so the string is ready. */
export function renderDocument(page: { toString(): string | Promise<string> }): string {
  return `<!doctype html>\n${jsxMarkup(page)}`;
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

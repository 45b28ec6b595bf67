/**
 * The index of publications: one row per code with its title, the files its rates come from, and
 * the synthetic marker where any figure on that page is synthetic. Used for the written
 * `index.html` and the served home page. In hono/jsx: every value is escaped by construction.
 */
import { raw } from "hono/html";
import { viewSuffix } from "./data-view.js";
import { documentString, PublicationFrame } from "./html-page.js";
import type { Publication } from "./publication-types.js";

/** Where the index links to and which navigation it shows. */
export interface IndexOptions {
  /** Link to a code's page: `64491.html` for files, `/codes/64491` when served. */
  href: (code: string) => string;
  nav?: { href: string; label: string }[];
  /** Trusted HTML after the list, written by our own code (served pages link the explorer). */
  footer?: string;
}

/** "CareFirst BlueCross BlueShield (real file) + 3 synthetic demo files", or "no rates loaded". */
function rateSources(pub: Publication): string {
  const used = pub.benchmark?.sources.filter((source) => source.rates > 0) ?? [];
  const real = [
    ...new Set(
      used
        .filter((source) => !source.synthetic)
        .map((source) => source.reportingEntityName ?? source.location),
    ),
  ];
  const syntheticFiles = used.filter((source) => source.synthetic).length;
  const parts = [
    ...real.map((name) => `${name} (real file)`),
    ...(syntheticFiles > 0
      ? [`${syntheticFiles} synthetic demo file${syntheticFiles === 1 ? "" : "s"}`]
      : []),
  ];
  return parts.length === 0 ? "no rates loaded" : parts.join(" + ");
}

function IndexRow({ pub, href }: { pub: Publication; href: (code: string) => string }) {
  // A real-only page has its synthetic-including twin; the index links both.
  const alternate = pub.dataView?.alternate;
  const twin = pub.dataView?.shown === "real-only" && alternate === "including-synthetic";
  return (
    <tr class={pub.synthetic ? "synthetic" : undefined}>
      <td>
        <a href={href(pub.code)}>{pub.code}</a>
      </td>
      <td>{pub.title}</td>
      <td>
        {rateSources(pub)}
        {pub.synthetic ? (
          <>
            {" "}
            <span class="synthetic-marker">synthetic</span>
          </>
        ) : null}
        {twin ? (
          <>
            {" · "}
            <a class="view-switch" href={href(`${pub.code}${viewSuffix(alternate, "real-only")}`)}>
              including synthetic demo data
            </a>
          </>
        ) : null}
      </td>
    </tr>
  );
}

/** Renders the index page. */
export function renderIndex(publications: readonly Publication[], options: IndexOptions): string {
  const sorted = [...publications].sort((a, b) => a.code.localeCompare(b.code));
  return documentString(
    <PublicationFrame
      title="ratelens publications"
      synthetic={sorted.some((pub) => pub.synthetic)}
      {...(options.nav === undefined ? {} : { nav: options.nav })}
    >
      <h1>ratelens publications</h1>
      <p class="subtitle">
        One page per code: what it is, how to code it, what payers and Medicare pay, and where every
        number comes from.
      </p>
      {sorted.length === 0 ? (
        <p class="missing">
          No publications have been written yet: run <code>ratelens demo</code> or{" "}
          <code>ratelens report CODE</code>.
        </p>
      ) : (
        <table class="index-table">
          <thead>
            <tr>
              <th>Code</th>
              <th>Title</th>
              <th>Rate sources</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((pub) => (
              <IndexRow pub={pub} href={options.href} />
            ))}
          </tbody>
        </table>
      )}
      {options.footer === undefined ? null : raw(options.footer)}
    </PublicationFrame>,
  );
}

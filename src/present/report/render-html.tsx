/**
 * `renderHtml(pub)`: the publication as one self-contained HTML page (inline CSS and SVG, no
 * external assets, readable when printed), in the section order of docs/product.md. In hono/jsx:
 * every value is escaped by construction; the only raw HTML is our own renderers' output.
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { CATALOGUE_BY_CODE } from "../../analyze/codes/code-catalogue.js";
import type { FacilityPayment } from "../../analyze/facility/facility-payments.js";
import { formatUsd } from "../../analyze/money.js";
import { CMS_LINKS } from "./cms-links.js";
import { viewLinkText, viewSuffix, type DataViewKind } from "./data-view.js";
import { jsxMarkup } from "../jsx-markup.js";
import { documentString, PublicationFrame } from "./html-page.js";
import type { CodeSection, PtpEditRow, Publication, RvuRow } from "./publication-types.js";
import { BenchmarkSection, MethodsSection } from "./render-benchmark-html.js";
import { HOSPITAL_SECTION_HEADING } from "./hospital-rates-text.js";
import { HospitalRatesSection } from "./render-hospital-html.js";
import { withCsvDownloads } from "./table-csv-links.js";

/** Options for served pages: navigation links. Saved files use the defaults (no links). */
export interface RenderHtmlOptions {
  nav?: { href: string; label: string }[];
  /** Where a data view of this code lives (default: the file written beside this one). */
  viewHref?: (code: string, suffix: string) => string;
}

/** Renders the publication page. Pure: the same publication gives the same bytes. */
export function renderHtml(pub: Publication, options: RenderHtmlOptions = {}): string {
  const body = (
    <>
      <h1>
        {pub.code}: {pub.title}
      </h1>
      <p class="subtitle">Per-code publication generated {pub.generatedAt} by ratelens.</p>
      <DataViewSwitch pub={pub} options={options} />
      <Section id="summary" heading="Summary">
        {pub.summary.length === 0 ? (
          <p class="missing">No summary: neither code reference nor rates are available.</p>
        ) : (
          <ul class="sentences">
            {pub.summary.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="overview" heading="Code overview">
        {pub.codeSection === null ? (
          <MissingCode code={pub.code} />
        ) : (
          <Overview code={pub.codeSection} />
        )}
      </Section>
      <Section id="specifications" heading="Clinical and coding specifications">
        {pub.codeSection === null ? (
          <MissingCode code={pub.code} />
        ) : (
          <Specifications code={pub.codeSection} />
        )}
      </Section>
      <Section id="benchmarks" heading="Reimbursement benchmarks">
        <BenchmarkSection result={pub.benchmark} sentences={pub.benchmarkSentences} />
        <FacilityPayments payments={pub.facilityMedicare} />
      </Section>
      {pub.hospitalRates === undefined ? null : (
        <Section id="hospital-rates" heading={HOSPITAL_SECTION_HEADING}>
          <HospitalRatesSection rates={pub.hospitalRates} />
        </Section>
      )}
      <Section id="methods" heading="Methods and sources">
        <MethodsSection
          result={pub.benchmark}
          references={pub.referenceSources}
          missing={pub.missing}
        />
      </Section>
    </>
  );
  // The CSV links are read back from the rendered (escaped) tables, so they follow the JSX.
  const html = withCsvDownloads(jsxMarkup(body), pub.code);
  return documentString(
    <PublicationFrame
      title={`${pub.code} · ${pub.title} · ratelens`}
      synthetic={pub.synthetic}
      {...(options.nav === undefined ? {} : { nav: options.nav })}
    >
      {raw(html)}
    </PublicationFrame>,
  );
}

/** The real-only / including-synthetic switch: what is shown, and a link to the other view. */
function DataViewSwitch({ pub, options }: { pub: Publication; options: RenderHtmlOptions }) {
  const view = pub.dataView;
  if (view === undefined) return null;
  // With two views, the page under the bare code is always the real-only one.
  const defaultView: DataViewKind = view.alternate === null ? view.shown : "real-only";
  const href = (target: DataViewKind): string => {
    const suffix = viewSuffix(target, defaultView);
    return options.viewHref?.(pub.code, suffix) ?? `${pub.code}${suffix}.html`;
  };
  return (
    <p class="data-view">
      {view.note}
      {view.alternate === null ? null : (
        <>
          {" "}
          <a class="view-switch" href={href(view.alternate)}>
            {viewLinkText(view.alternate)}
          </a>
        </>
      )}
    </p>
  );
}

function Section({ id, heading, children }: { id: string; heading: string; children?: Child }) {
  return (
    <section id={id}>
      <h2>{heading}</h2>
      {children}
    </section>
  );
}

function MissingCode({ code }: { code: string }) {
  return <p class="missing">{code} is not in the bundled code reference, so this part is empty.</p>;
}

function Overview({ code }: { code: CodeSection }) {
  const o = code.overview;
  const facts: [string, string][] = [
    ["Kind", kindText(o)],
    ["Region", o.region ?? "not stated"],
    ["Level", o.level ?? "not stated"],
    ["Global period", o.globalPeriod ?? "not stated"],
    ...o.indicators.map((indicator): [string, string] => [indicator.label, indicator.value]),
  ];
  return (
    <>
      <p>{o.description}</p>
      <dl class="facts">
        {facts.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <h3>Bundled: not billed separately</h3>
      <List items={o.bundled} empty="No bundled services recorded." />
      <h3>Typical places of service</h3>
      {o.placesOfService.length === 0 ? (
        <p class="missing">No typical places of service recorded.</p>
      ) : (
        <table class="pos-table">
          <thead>
            <tr>
              <th>POS</th>
              <th>Place of service</th>
              <th>Medicare setting</th>
            </tr>
          </thead>
          <tbody>
            {o.placesOfService.map((place) => (
              <tr>
                <td>{place.code}</td>
                <td>{place.name}</td>
                <td>{place.facility ? "facility" : "non-facility"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PtpTable edits={o.ptpEdits} />
      <RvuTable rows={o.rvus} />
    </>
  );
}

/** A table in its horizontal-scroll wrapper (wide tables scroll inside it at 390 px). */
function Wide({ children }: { children?: Child }) {
  return <div class="table-wrap">{children}</div>;
}

/** A linked source file, or its name when no link is known. */
function SourceLink({ file, url }: { file: string; url: string | undefined }) {
  return url === undefined ? <>{file}</> : <a href={url}>{file}</a>;
}

/** Medicare's own facility payment (OPPS by APC, ASC), with its status and source. */
function FacilityPayments({ payments }: { payments: readonly FacilityPayment[] | undefined }) {
  if (payments === undefined) return null;
  return (
    <>
      <h3>Medicare facility payment (hospital outpatient and ASC)</h3>
      <p class="muted">
        National unadjusted rates, {payments[0]?.year ?? ""}; compare institutional (facility-fee)
        rates with these, not with the physician fee schedule.
      </p>
      <Wide>
        <table class="facility-table">
          <thead>
            <tr>
              <th>Setting</th>
              <th>Indicator</th>
              <th>APC</th>
              <th class="num">Rate</th>
              <th>Status</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((payment) => (
              <tr>
                <td>{payment.label}</td>
                <td>{payment.indicator ?? "–"}</td>
                <td>{payment.apc ?? "–"}</td>
                <td class="num">
                  {payment.rate === null
                    ? payment.status === "packaged"
                      ? "packaged"
                      : "none"
                    : formatUsd(payment.rate)}
                </td>
                <td>{payment.note}</td>
                <td>
                  <SourceLink file={payment.source.file} url={payment.source.url} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
    </>
  );
}

/** The code's NCCI PTP edits, both columns, with the modifier indicator and dates. */
function PtpTable({ edits }: { edits: readonly PtpEditRow[] | undefined }) {
  if (edits === undefined) return null;
  return (
    <>
      <h3>NCCI procedure-to-procedure edits</h3>
      <p class="muted">
        From the <a href={CMS_LINKS.ncciPtp}>CMS NCCI PTP edit table</a> (practitioner): column 2 is
        bundled into column 1.
      </p>
      {edits.length === 0 ? (
        <p class="missing">
          No PTP edit pairs this code with the family or its usual companions in the loaded table.
        </p>
      ) : (
        <Wide>
          <table class="ptp-table">
            <thead>
              <tr>
                <th>Column 1</th>
                <th>Column 2</th>
                <th>Modifier indicator</th>
                <th>Effective</th>
                <th>Deleted</th>
                <th>Rationale</th>
              </tr>
            </thead>
            <tbody>
              {edits.map((edit) => (
                <tr>
                  <td>
                    <CodeLink code={edit.column1} />
                  </td>
                  <td>
                    <CodeLink code={edit.column2} />
                  </td>
                  <td title={edit.meaning}>{edit.modifierIndicator}</td>
                  <td>{edit.effective ?? "not stated"}</td>
                  <td>{edit.deleted ?? "in force"}</td>
                  <td>{edit.rationale}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Wide>
      )}
    </>
  );
}

/** The RVUs and conversion factor behind each year's national amounts. */
function RvuTable({ rows }: { rows: readonly RvuRow[] | undefined }) {
  if (rows === undefined || rows.length === 0) return null;
  const rvu = (value: number | null): string => (value === null ? "NA" : value.toFixed(2));
  const usd = (value: number | null): string => (value === null ? "not priced" : formatUsd(value));
  return (
    <>
      <h3>Medicare RVU breakdown</h3>
      <p class="muted">
        National amount = (work + practice expense + malpractice RVUs) × conversion factor, from the{" "}
        <a href={CMS_LINKS.pfsRvu}>CMS PFS relative value files</a>.
      </p>
      <Wide>
        <table class="rvu-table">
          <thead>
            <tr>
              <th>Year</th>
              <th>Row</th>
              <th class="num">Work</th>
              <th class="num">PE non-facility</th>
              <th class="num">PE facility</th>
              <th class="num">MP</th>
              <th class="num">CF</th>
              <th class="num">Non-facility</th>
              <th class="num">Facility</th>
              <th>File</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>{row.year}</td>
                <td>{row.modifier === "" ? "global" : `-${row.modifier}`}</td>
                <td class="num">{rvu(row.work)}</td>
                <td class="num">{rvu(row.nonFacilityPe)}</td>
                <td class="num">{rvu(row.facilityPe)}</td>
                <td class="num">{rvu(row.mp)}</td>
                <td class="num">{row.conversionFactor.toFixed(4)}</td>
                <td class="num">{usd(row.nationalNonFacility)}</td>
                <td class="num">{usd(row.nationalFacility)}</td>
                <td>{row.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Wide>
    </>
  );
}

/**
 * A link to another code's page, for the codes of the curated reference (the main job writes a
 * page for each); other codes are shown unlinked rather than pointing at a page that may not exist.
 */
function CodeLink({ code }: { code: string }) {
  if (!CATALOGUE_BY_CODE.has(code)) return <>{code}</>;
  return <a href={`${code}.html`}>{code}</a>;
}

/** "Add-on code: billed only with a primary code (64490)" and the like. */
export function kindText(o: CodeSection["overview"]): string {
  switch (o.kind) {
    case "add-on":
      return `Add-on code: billed only with a primary code${o.primaries.length > 0 ? ` (${o.primaries.map((ref) => ref.code).join(", ")})` : ""}`;
    case "primary":
      return "Primary (stand-alone) code";
    case "imaging-guidance":
      return "Imaging guidance code";
    case "not stated":
      return "not stated";
  }
}

function Specifications({ code }: { code: CodeSection }) {
  const s = code.specifications;
  return (
    <>
      {s.clinicalContext === null ? null : <p>{s.clinicalContext}</p>}
      <h3>Modifiers</h3>
      {s.modifiers.length === 0 ? (
        <p class="missing">No modifier guidance recorded.</p>
      ) : (
        <table class="modifier-table">
          <thead>
            <tr>
              <th>Modifier</th>
              <th>When to use it</th>
            </tr>
          </thead>
          <tbody>
            {s.modifiers.map((m) => (
              <tr>
                <td>
                  <code>{m.modifier}</code>
                </td>
                <td>{m.whenToUse}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Provider taxonomies</h3>
      {s.taxonomies.length === 0 ? (
        <p class="missing">No specialty taxonomies recorded.</p>
      ) : (
        <table class="taxonomy-table">
          <thead>
            <tr>
              <th>NUCC code</th>
              <th>Specialty</th>
            </tr>
          </thead>
          <tbody>
            {s.taxonomies.map((t) => (
              <tr>
                <td>
                  <code>{t.code}</code>
                </td>
                <td>{t.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Related diagnoses (ICD-10-CM)</h3>
      {s.diagnoses.length === 0 ? (
        <p class="missing">No supporting diagnoses recorded.</p>
      ) : (
        <table class="diagnosis-table">
          <thead>
            <tr>
              <th>Code</th>
              <th>Title</th>
              <th>Bearing on the procedure</th>
            </tr>
          </thead>
          <tbody>
            {s.diagnoses.map((d) => (
              <tr>
                <td>
                  <code>{d.code}</code>
                </td>
                <td>{d.title}</td>
                <td>{d.role ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Related codes</h3>
      {s.relatedCodes.length === 0 ? (
        <p class="missing">No related codes recorded.</p>
      ) : (
        <ul>
          {s.relatedCodes.map((ref) => (
            <li>
              <code>
                <CodeLink code={ref.code} />
              </code>{" "}
              {ref.label}
            </li>
          ))}
        </ul>
      )}
      <h3>Clinical workflow</h3>
      {s.workflow.length === 0 ? (
        <p class="missing">No workflow recorded.</p>
      ) : (
        <ol>
          {s.workflow.map((step) => (
            <li>{step}</li>
          ))}
        </ol>
      )}
      <h3>Documentation requirements</h3>
      <List items={s.documentation} empty="No documentation requirements recorded." />
      <h3>Coding notes and common errors</h3>
      <List items={s.notes} empty="No coding notes recorded." />
    </>
  );
}

function List({ items, empty }: { items: readonly string[]; empty: string }) {
  return items.length === 0 ? (
    <p class="missing">{empty}</p>
  ) : (
    <ul>
      {items.map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  );
}

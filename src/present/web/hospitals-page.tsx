/**
 * The hospital pages: the loaded hospital price-transparency files (who, template version,
 * `last_updated_on` as written, what was loaded, a findings summary) and one file's findings, as
 * CMS's validator would report them. hono/jsx: every value from a file is escaped by construction.
 */
import type {
  HospitalFileSummary,
  HospitalFindings,
} from "../../analyze/hospitals/hospital-files.js";
import { PageFrame, renderDocument } from "./page-frame.js";

const number = (value: number): string => value.toLocaleString("en-US");

function Version({ file }: { file: HospitalFileSummary }) {
  if (file.rulesVersion === null) {
    return <>pre-template layout (no CMS rules apply)</>;
  }
  return (
    <>
      v{file.rulesVersion} rules
      {file.declaredVersion === null ? (
        <span class="muted"> (no version given)</span>
      ) : file.declaredVersion === file.rulesVersion ? null : (
        <span class="muted"> (file says {file.declaredVersion})</span>
      )}
    </>
  );
}

function FileName({ file }: { file: HospitalFileSummary }) {
  return (
    <>
      {file.hospitalName ?? <span class="missing">no hospital name in the file</span>}
      {file.synthetic ? (
        <>
          {" "}
          <span class="synthetic-marker">SYNTHETIC</span>
        </>
      ) : null}
    </>
  );
}

function FilesTable({ files }: { files: readonly HospitalFileSummary[] }) {
  return (
    <table class="findings-table">
      <thead>
        <tr>
          <th>Hospital</th>
          <th>Layout and version</th>
          <th>Last updated on</th>
          <th>Items read (loaded)</th>
          <th>Charge rows</th>
          <th>Payers</th>
          <th>Findings</th>
          <th>File</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr>
            <td>
              <FileName file={file} />
              {file.ein === null ? null : (
                <>
                  <br />
                  <span class="muted">EIN {file.ein}</span>
                </>
              )}
              {file.type2Npis.length === 0 ? null : (
                <>
                  <br />
                  <span class="muted">NPI {file.type2Npis.join(", ")}</span>
                </>
              )}
            </td>
            <td>
              {file.layout}, <Version file={file} />
            </td>
            <td>{file.lastUpdatedOn ?? <span class="missing">not given</span>}</td>
            <td>
              {number(file.records)} ({number(file.loadedRecords)})
            </td>
            <td>{number(file.charges)}</td>
            <td>
              {file.payers.length === 0 ? <span class="muted">none</span> : file.payers.join(", ")}
            </td>
            <td>
              <a href={`/hospitals/${file.fileId}/findings`}>
                {number(file.errors)} errors, {number(file.warnings)} warnings
              </a>
            </td>
            <td>
              <code>{file.location}</code>
              <br />
              <span class="muted">sha256 {file.sha256.slice(0, 12)}…</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The list of loaded hospital files. */
export function renderHospitalsPage(files: readonly HospitalFileSummary[]): string {
  return renderDocument(
    <PageFrame title="Hospital files · ratelens" synthetic={files.some((f) => f.synthetic)}>
      <h1>Hospital price-transparency files</h1>
      <p class="muted">
        Files hospitals publish under 45 CFR 180 (CMS template CSV or JSON, v2.0 to v3.0, or the
        older standard-charges layout), loaded with <code>ratelens ingest</code> and checked as
        CMS's validator checks them. Records with an error finding are left out of the load; the{" "}
        <a href="/crosscheck">cross-check</a> compares the loaded negotiated charges with the
        payers' own rates.
      </p>
      {files.length === 0 ? (
        <p class="missing">
          No hospital file is loaded: <code>ratelens ingest FILE</code> recognises them by content.
        </p>
      ) : (
        <FilesTable files={files} />
      )}
    </PageFrame>,
  );
}

/** One file's findings: the count per rule, then the findings themselves. */
export function renderHospitalFindingsPage(result: HospitalFindings): string {
  const file = result.file;
  const total = file.errors + file.warnings;
  return renderDocument(
    <PageFrame
      title={`Findings, hospital file ${file.fileId} · ratelens`}
      synthetic={file.synthetic}
    >
      <h1>
        Findings: <FileName file={file} />
      </h1>
      <p>
        <code>{file.location}</code> ({file.layout}, <Version file={file} />
        ), last updated on {file.lastUpdatedOn ?? "(not given)"}: {number(file.errors)} errors,{" "}
        {number(file.warnings)} warnings; {number(file.loadedRecords)} of {number(file.records)}{" "}
        items loaded.
        {result.stored < total ? (
          <>
            {" "}
            The first {number(result.stored)} findings are stored;{" "}
            <code>ratelens validate FILE</code> lists them all.
          </>
        ) : null}
      </p>
      <p>
        <a href="/hospitals">All hospital files</a>
      </p>
      {result.byRule.length === 0 ? (
        <p>No findings: the file meets every rule of its template version.</p>
      ) : (
        <>
          <h2>By rule</h2>
          <table class="findings-table">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Severity</th>
                <th>Stored findings</th>
              </tr>
            </thead>
            <tbody>
              {result.byRule.map((rule) => (
                <tr>
                  <td>
                    <code>{rule.rule}</code>
                  </td>
                  <td>{rule.severity}</td>
                  <td>{number(rule.stored)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Findings</h2>
          <table class="findings-table">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Rule</th>
                <th>Row</th>
                <th>Column or path</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {result.findings.map((f) => (
                <tr class={`severity-${f.severity}`}>
                  <td>{f.severity}</td>
                  <td>
                    <code>{f.rule}</code>
                  </td>
                  <td>{f.row ?? ""}</td>
                  <td>{f.column === null ? "" : <code>{f.column}</code>}</td>
                  <td>{f.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.truncated ? (
            <p class="muted">
              The first {number(result.findings.length)} of {number(result.stored)} stored findings
              are shown (<code>/api/v1/hospitals/{file.fileId}/findings?limit=…</code> for more).
            </p>
          ) : null}
        </>
      )}
    </PageFrame>,
  );
}

/** The interactive API reference: Swagger UI from the installed package, started by a script file. */
import { PageFrame, renderDocument } from "./page-frame.js";

export function renderApiReferencePage(): string {
  return renderDocument(
    <PageFrame
      title="API reference · ratelens"
      styles={["/assets/swagger-ui/swagger-ui.css"]}
      scripts={["/assets/swagger-ui/swagger-ui-bundle.js", "/assets/api-reference.js"]}
    >
      <h1>API reference</h1>
      <p>
        The JSON API under <code>/api/v1</code>, generated from its route declarations (
        <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>). Errors are RFC 9457 problem
        details. When the server asks for a token, use “Authorize” with it.
      </p>
      <div id="swagger-ui" />
    </PageFrame>,
  );
}

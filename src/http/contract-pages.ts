/**
 * The `/contracts` page (upload, sample, offer) and its workbook download, over
 * `AppServices.contracts`. The page's script is a file under `/assets/` (`static-assets.ts`), so
 * the CSP's no-inline-script rule holds. The user's own mistakes (bad file, market, offer) are
 * shown on the page with a 400, their input kept; other failures go to the app's error handler.
 */
import type { Hono } from "hono";
import { SAMPLE, type ContractServices } from "../analyze/contracts/contract-services.js";
import { contractWorkbook } from "../present/contracts/contract-workbook.js";
import { renderContractsPage, type ContractsForm } from "../present/web/contracts-page.js";
import { contractFormInput, contractOptions, MAX_CONTRACT_BYTES } from "./contract-input.js";
import { statusFor } from "./error-status.js";
import { XLSX_TYPE } from "./schemas/contract-schema.js";
import { uploadLimits } from "./upload-body.js";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];
const EMPTY: ContractsForm = { name: "", schedule: "", market: "", zip: "", offer: "" };

/** Adds GET/POST `/contracts` and POST `/contracts/workbook`. */
export function mountContractPages(app: Hono, contracts: ContractServices): void {
  const [formType, formSize] = uploadLimits({ maxBytes: MAX_CONTRACT_BYTES, types: FORM_TYPES });

  app.get("/contracts", async (c) => {
    if (c.req.query("sample") === undefined) return c.html(renderContractsPage(null, EMPTY));
    const sample = await contracts.sample();
    const form: ContractsForm = {
      name: sample.name,
      schedule: sample.content,
      market: SAMPLE.market,
      zip: SAMPLE.zip,
      offer: SAMPLE.offer,
    };
    return c.html(
      renderContractsPage(await contracts.evaluate(sample, contractOptions(form)), form),
    );
  });
  app.post("/contracts", formType, formSize, async (c) => {
    let form = EMPTY;
    try {
      const input = await contractFormInput(await c.req.parseBody());
      form = input.form;
      return c.html(
        renderContractsPage(
          await contracts.evaluate(
            { name: form.name, content: input.content },
            contractOptions(form),
          ),
          form,
        ),
      );
    } catch (error) {
      const status = statusFor(error);
      if ((status === 400 || status === 404) && error instanceof Error) {
        return c.html(renderContractsPage(null, form, error.message), 400);
      }
      throw error;
    }
  });
  app.post("/contracts/workbook", formType, formSize, async (c) => {
    const input = await contractFormInput(await c.req.parseBody());
    const evaluation = await contracts.evaluate(
      { name: input.form.name, content: input.content },
      contractOptions(input.form),
    );
    return c.body(new Uint8Array(await contractWorkbook(evaluation)), 200, {
      "content-type": XLSX_TYPE,
      "content-disposition": 'attachment; filename="contract-evaluation.xlsx"',
    });
  });
}

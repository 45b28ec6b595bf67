/**
 * `/payers`, `/payers/:payer` and `/alerts`, over `ChangesServices` (the calls behind `ratelens
 * changes` and `ratelens alerts`). A payer with one release, or a server without a watch file,
 * says so on the page; an unknown payer is a 404 through the app's error handler.
 */
import type { Hono } from "hono";
import { DataMissingError, NotFoundError, UsageError } from "../errors.js";
import {
  renderAlertsPage,
  renderPayerPage,
  renderPayersPage,
} from "../present/web/changes-pages.js";
import { daysBefore } from "./changes-api.js";
import type { ChangesServices } from "./changes-services.js";

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function dateParam(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!DATE.test(value)) throw new UsageError(`${name}=${value}: expected YYYY-MM-DD`);
  return value;
}

/** Adds the pages; the payer page lists up to 500 changes (the API and CLI list all). */
export function mountChangesPages(app: Hono, changes: ChangesServices): void {
  app.get("/payers", async (c) => c.html(renderPayersPage(await changes.payers())));
  app.get("/payers/:payer", async (c) => {
    const name = c.req.param("payer");
    const entry = (await changes.payers()).find((candidate) => candidate.payer === name);
    if (entry === undefined) {
      throw new NotFoundError(`no dated releases of payer "${name}" are loaded (see /payers)`);
    }
    let comparison = null;
    let noComparison: string | null = null;
    try {
      comparison = await changes.compare({ payer: entry.payer, limit: 500 });
    } catch (error) {
      if (!(error instanceof DataMissingError)) throw error;
      noComparison = error.message;
    }
    const history = await changes.medianHistory(entry.payer, null);
    return c.html(
      renderPayerPage({
        payer: entry.payer,
        releases: entry.releases,
        comparison,
        noComparison,
        history,
      }),
    );
  });
  app.get("/alerts", async (c) => {
    const today = dateParam("today", c.req.query("today")) ?? new Date().toISOString().slice(0, 10);
    const since = dateParam("since", c.req.query("since")) ?? daysBefore(today, 30);
    try {
      return c.html(renderAlertsPage(await changes.alerts({ today, since }), null));
    } catch (error) {
      if (!(error instanceof DataMissingError)) throw error;
      return c.html(renderAlertsPage(null, error.message));
    }
  });
}

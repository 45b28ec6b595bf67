import { access, readFile, rename, writeFile } from "node:fs/promises";
import { DataMissingError, InputError, UsageError } from "../errors.js";
import { formatAlertsText } from "../present/text/alerts-text.js";
import { postWebhook } from "../present/webhook/post-webhook.js";
import { buildAlerts } from "../rules/alerts/build-alerts.js";
import { readWatchFile } from "../rules/alerts/watch-file.js";
import { loadPolicyBook } from "../rules/policies/load-policy-book.js";
import { defaultStorePath, Store } from "../store/store.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens alerts --watch FILE [--since YYYY-MM-DD | --state FILE] [--today YYYY-MM-DD] [--webhook URL --secret S] [--json] [--db PATH]

Runs a watch file (codes, payers, policies, thresholds, volumes): rate moves above the thresholds
between each payer's last two releases, rate-type changes, and policy versions taking effect within
the watch's policyDaysAhead or since --since (else the last run recorded in --state FILE, else 30
days before today; --state records this run's date after it succeeds). Each alert names its
source (files and SHA-256, or policy and effective date) and its dollar effect where volumes are
given. --webhook POSTs the JSON report, signed (x-ratelens-signature: sha256=HMAC of the body).`;

const options = {
  watch: { type: "string" },
  since: { type: "string" },
  state: { type: "string" },
  today: { type: "string" },
  webhook: { type: "string" },
  secret: { type: "string" },
  db: { type: "string" },
  json: { type: "boolean" },
} as const;

/** The last run's date from a state file; undefined when the file does not exist yet. */
async function lastRun(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(file, {}, "cannot read the alerts state file", { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(file, {}, "the alerts state file is not JSON", { cause: error });
  }
  const date = (value as { lastRun?: unknown } | null)?.lastRun;
  if (typeof date !== "string" || !DATE.test(date)) {
    throw new InputError(file, { jsonPath: "$.lastRun" }, "lastRun must be YYYY-MM-DD");
  }
  return date;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function isoDaysBefore(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - days);
  return day.toISOString().slice(0, 10);
}

/** `ratelens alerts`: reads the watch file, runs `buildAlerts`, prints and optionally POSTs the report. */
const command: Command = {
  usage,
  async run(args, context) {
    const { values } = parseCommandArgs(args, options, usage);
    if (values.watch === undefined) {
      throw new UsageError(`give a watch file (--watch FILE)\n\nusage: ${usage}`);
    }
    for (const flag of ["since", "today"] as const) {
      const value = values[flag];
      if (value !== undefined && !DATE.test(value)) {
        throw new UsageError(`--${flag} ${value}: expected YYYY-MM-DD`);
      }
    }
    if ((values.webhook === undefined) !== (values.secret === undefined)) {
      throw new UsageError("--webhook and --secret go together");
    }
    const today = values.today ?? new Date().toISOString().slice(0, 10);
    if (values.since !== undefined && values.state !== undefined) {
      throw new UsageError("--since and --state are exclusive");
    }
    const since =
      values.since ??
      (values.state === undefined ? undefined : await lastRun(values.state)) ??
      isoDaysBefore(today, 30);
    const watch = await readWatchFile(values.watch);
    const path = values.db ?? defaultStorePath(context.env);
    if (path !== ":memory:") {
      await access(path).catch((error: unknown) => {
        throw new DataMissingError(
          `no store at ${path}: load the payers' releases first (ratelens ingest FILE --db ${path})`,
          { cause: error },
        );
      });
    }
    const book = await loadPolicyBook();
    const store = await Store.open(path);
    try {
      const report = await buildAlerts(store, book, watch, {
        since,
        today,
        watchFile: values.watch,
      });
      if (values.json === true) context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else context.stdout.write(formatAlertsText(report));
      if (values.webhook !== undefined && values.secret !== undefined) {
        const sent = await postWebhook(values.webhook, report, { secret: values.secret });
        context.stderr.write(
          `alerts delivered to ${values.webhook} (HTTP ${String(sent.status)}, ${String(sent.attempts)} attempt(s))\n`,
        );
      }
      if (values.state !== undefined) {
        // Written after delivery, atomically: a failed run is retried over the same span next time.
        await writeFile(`${values.state}.tmp`, `${JSON.stringify({ lastRun: today }, null, 2)}\n`);
        await rename(`${values.state}.tmp`, values.state);
      }
      return EXIT.ok;
    } finally {
      store.close();
    }
  },
};
export default command;

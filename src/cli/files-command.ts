import {
  listHospitalFiles,
  type HospitalFileSummary,
} from "../analyze/hospitals/hospital-files.js";
import { formatBytes } from "../present/progress.js";
import { defaultStorePath, Store } from "../store/store.js";
import { listSourceFiles } from "../store/tic-stats.js";
import type { Command } from "./command.js";
import { EXIT } from "./exit-code.js";
import { parseCommandArgs } from "./parse-command-args.js";

const usage = `ratelens files [--db PATH] [--json]

Lists the files loaded in the store. Transparency in Coverage files: id, kind, counts, unresolved
provider references, SHA-256 and where each came from (the index that listed it, if any). Hospital
price-transparency files: id, hospital, layout and CMS template version, records loaded, charges,
findings, SHA-256. --json prints {"tic": [...], "hospital": [...]}.`;

const command: Command = {
  usage,
  async run(args, context) {
    const { values } = parseCommandArgs(
      args,
      { db: { type: "string" }, json: { type: "boolean" } },
      usage,
    );
    const store = await Store.open(values.db ?? defaultStorePath(context.env));
    try {
      const files = await listSourceFiles(store);
      const hospital = await listHospitalFiles(store);
      if (values.json === true) {
        context.stdout.write(`${JSON.stringify({ tic: files, hospital }, null, 2)}\n`);
        return EXIT.ok;
      }
      if (files.length === 0 && hospital.length === 0) {
        context.stdout.write("no files loaded (ratelens ingest FILE)\n");
      }
      for (const file of files) {
        const details = [
          file.kind,
          file.schemaVersion === null ? undefined : `schema ${file.schemaVersion}`,
          file.reportingEntity ?? undefined,
          `${file.items.toLocaleString("en-US")} items (${file.keptItems.toLocaleString("en-US")} kept)`,
          `${file.rows.toLocaleString("en-US")} ${file.kind === "allowed-amounts" ? "allowed amounts" : "rates"}`,
          `${file.providerGroups.toLocaleString("en-US")} provider groups`,
          file.unresolvedReferences > 0
            ? `${file.unresolvedReferences} unresolved references`
            : undefined,
          `${formatBytes(file.sizeBytes)} ${file.compression}`,
          file.codeFilter === null ? undefined : `codes ${file.codeFilter.join(",")}`,
          file.parentFileId === null ? undefined : `listed by file ${file.parentFileId}`,
          file.synthetic ? "SYNTHETIC" : undefined,
          `sha256 ${file.sha256.slice(0, 12)}…`,
          `ingested ${file.ingestedAt}`,
        ].filter((part) => part !== undefined);
        context.stdout.write(
          `${String(file.fileId).padStart(4)}  ${file.location}\n      ${details.join(" · ")}\n`,
        );
      }
      if (hospital.length > 0) {
        context.stdout.write("hospital price-transparency files:\n");
        for (const file of hospital) context.stdout.write(hospitalLine(file));
      }
      return EXIT.ok;
    } finally {
      store.close();
    }
  },
};
export default command;

/** One hospital file, as two lines like a TiC file's. */
function hospitalLine(file: HospitalFileSummary): string {
  const details = [
    file.hospitalName ?? "hospital not named",
    file.rulesVersion === null ? file.layout : `${file.layout}, CMS template ${file.rulesVersion}`,
    `${file.loadedRecords.toLocaleString("en-US")} of ${file.records.toLocaleString("en-US")} records loaded`,
    `${file.charges.toLocaleString("en-US")} charges`,
    `${file.errors.toLocaleString("en-US")} errors, ${file.warnings.toLocaleString("en-US")} warnings`,
    file.payers.length > 0 ? `${file.payers.length} payers` : undefined,
    formatBytes(file.sizeBytes),
    file.lastUpdatedOn === null ? undefined : `last updated ${file.lastUpdatedOn}`,
    file.synthetic ? "SYNTHETIC" : undefined,
    `sha256 ${file.sha256.slice(0, 12)}…`,
    `ingested ${file.ingestedAt}`,
  ].filter((part) => part !== undefined);
  return `${String(file.fileId).padStart(4)}  ${file.location}\n      ${details.join(" · ")}\n`;
}

/**
 * A seeded generator of SYNTHETIC table-of-contents (index) files shaped like real payers' ones:
 * the default is the shape of Blue Cross Blue Shield of Oklahoma's 2025-07 index (4,106 plans,
 * 4,124 listed in-network files, ~2.7 MB): one `reporting_structure` per plan, each listing its own
 * in-network file, a few listing a second, shared file, and an allowed-amount file for some.
 * Written as a stream, so an index of any size costs no memory. Every entry says SYNTHETIC.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";

/** Generator settings. */
export interface IndexOptions {
  /** Plans (= `reporting_structure` entries). */
  readonly plans: number;
  /** Distinct in-network files listed (≥ plans: the extra ones are listed as second files). */
  readonly files: number;
  /** Base URL of the listed files. */
  readonly baseUrl: string;
  /** File name suffix of the listed files (default `.json.gz`). */
  readonly suffix?: string;
}

/** What was written: the counts a walk of the index must find. */
export interface IndexCounts {
  readonly structures: number;
  readonly plans: number;
  readonly distinctFiles: number;
  readonly listings: number;
  readonly bytes: number;
}

/** The BCBS Oklahoma 2025-07 shape. */
export const BCBS_OK_SHAPE = { plans: 4106, files: 4124 } as const;

/** Writes the index to `path`; returns its counts. */
export async function writeIndexFile(path: string, options: IndexOptions): Promise<IndexCounts> {
  const out = createWriteStream(path);
  let bytes = 0;
  let listings = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  const suffix = options.suffix ?? ".json.gz";
  const extra = Math.max(0, options.files - options.plans);
  await write(
    `{"reporting_entity_name":"SYNTHETIC Blue Plan of Nowhere (not real payer data)","reporting_entity_type":"health insurance issuer",` +
      `"last_updated_on":"2025-07-01","version":"1.0.0","reporting_structure":[`,
  );
  for (let i = 0; i < options.plans; i++) {
    const planId = String(7_300_000_000 + i);
    const plan =
      `{"plan_name":"SYNTHETIC GROUP PLAN ${i} PPO BLUE CHOICE","plan_id_type":"EIN","plan_id":"${planId.slice(0, 9)}",` +
      `"plan_market_type":"group","issuer_name":"SYNTHETIC Health Care Service Corporation, a Mutual Legal Reserve Company",` +
      `"plan_sponsor_name":"SYNTHETIC EMPLOYER GROUP ${i} OF OKLAHOMA CITY LLC"}`;
    const files = [
      `{"description":"BlueCard PPO in-network negotiated rates file ${i} for this plan and its affiliated networks","location":"${options.baseUrl}/mrf-published/prod/tic/2025-07/in-network/2025-07-01_Blue-Cross-and-Blue-Shield-of-Oklahoma_BlueCard-PPO_${i}_in-network-rates${suffix}"}`,
    ];
    // The extra files are shared: listed by a second plan each, so they are listed twice in all.
    if (i < extra) {
      files.push(
        `{"description":"shared network ${i}","location":"${options.baseUrl}/2025-07/in-network/shared-${i}${suffix}"}`,
      );
    }
    if (i >= extra && i < 2 * extra) {
      files.push(
        `{"description":"shared network ${i - extra}","location":"${options.baseUrl}/2025-07/in-network/shared-${i - extra}${suffix}"}`,
      );
    }
    listings += files.length;
    const allowed =
      i % 50 === 0
        ? `,"allowed_amount_file":{"description":"allowed amounts","location":"${options.baseUrl}/2025-07/allowed-amounts/empty${suffix}"}`
        : "";
    if (allowed !== "") listings++;
    await write(
      `${i === 0 ? "" : ","}{"reporting_plans":[${plan}],"in_network_files":[${files.join(",")}]${allowed}}`,
    );
  }
  await write("]}");
  out.end();
  await once(out, "finish");
  const allowedFiles = options.plans > 0 ? 1 : 0;
  return {
    structures: options.plans,
    plans: options.plans,
    distinctFiles: options.files + allowedFiles,
    listings,
    bytes,
  };
}

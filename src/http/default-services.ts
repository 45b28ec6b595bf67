/**
 * Binds `AppServices` to the library: the benchmark engine, Medicare pricing, the code reference,
 * the claim parser and checker, and the written publications. The CLI calls the same functions.
 */
import { filterChoices } from "../analyze/benchmark/filter-choices.js";
import type { ReferenceData } from "../analyze/reference/reference-types.js";
import { getCodeEntry } from "../analyze/codes/get-code-entry.js";
import { searchCodes } from "../analyze/codes/search-codes.js";
import { NotFoundError } from "../errors.js";
import { publicationInView } from "../present/report/write-publication.js";
import { checkAndPrice } from "../rules/check-and-price.js";
import { medicareExpectation } from "../rules/medicare-expectation.js";
import { loadPolicyBook } from "../rules/policies/load-policy-book.js";
import type { PolicyBook } from "../rules/policies/policy-types.js";
import { parseClaims } from "../sources/claims/parse-claims.js";
import type { Store } from "../store/store.js";
import type { AppServices } from "./app-services.js";
import { contractServices } from "../analyze/contracts/contract-services.js";
import { hospitalServices } from "../analyze/hospitals/hospital-services.js";
import { benchmarkWithSources } from "../analyze/source-benchmark/benchmark-with-sources.js";
import { changesServices } from "./changes-services.js";
import { medicareAnswer } from "./medicare-answer.js";
import { readPublication, readPublications } from "./publication-library.js";

/** Services over an open store and loaded reference data; `publicationsDir` holds written pages. */
export function defaultServices(
  store: Store,
  ref: ReferenceData,
  publicationsDir: string | null,
  options: { watchFile?: string | null } = {},
): AppServices {
  let policies: Promise<PolicyBook> | undefined;
  return {
    codeEntry: (code) => Promise.resolve(getCodeEntry(ref, code)),
    searchCodes: (query) => Promise.resolve(searchCodes(ref, query)),
    benchmark: (filters) => benchmarkWithSources(store, ref, filters),
    filterChoices: () => filterChoices(store, ref),
    medicare: (query) => Promise.resolve(medicareAnswer(ref, query)),
    check: async (text, sourceName, pricing = {}) => {
      const claims = parseClaims(text, sourceName);
      policies ??= loadPolicyBook();
      const book = await policies;
      // The other claims in the same request are the patient history (frequency rules use it).
      // checkAndPrice is what `ratelens check` prints, so the page, the API and the CLI agree.
      const reports = claims.map((claim) =>
        checkAndPrice(ref, claim, { history: claims, policies: book, ...pricing }),
      );
      return {
        claims: claims.length,
        findings: reports.flatMap((report) => report.findings),
        results: reports.map((report) => ({
          claimId: report.claimId,
          findings: report.findings,
          expectedMedicare: medicareExpectation(ref, report),
        })),
      };
    },
    publication: async (code, view) => {
      const written =
        publicationsDir === null ? null : await readPublication(publicationsDir, code, view);
      if (written !== null) return written;
      const built = await publicationInView(store, ref, code, view);
      // codeSection is null only when neither the code reference nor a fee schedule knows the code.
      if (
        built.codeSection === null &&
        (built.benchmark === null || built.benchmark.payers.length === 0)
      ) {
        throw new NotFoundError(
          `${code} is not a code ratelens knows: no code reference entry, no fee-schedule row, no rates`,
        );
      }
      return built;
    },
    contracts: contractServices(store, ref),
    hospitals: hospitalServices(store),
    changes: changesServices(store, options.watchFile ?? null),
    publishedCodes: () =>
      publicationsDir === null ? Promise.resolve([]) : readPublications(publicationsDir),
  };
}

import type { Claim } from "../sources/claims/claim.js";

/**
 * Writes claims as one X12 005010X222A1 (837P) interchange, with `~` plus a newline ending each
 * segment, `*` between elements and `:` between components. Used to turn JSON claims into 837P
 * test files and benchmark input; only the segments `parseX12837p` reads carry claim data, the
 * rest are the envelope and the loop headers a real 837P needs.
 */
export function writeX12837p(
  claims: readonly Claim[],
  options: { controlNumber?: number; date?: string } = {},
): string {
  return [...x12837pParts([claims], options)].join("");
}

/**
 * The same interchange as `writeX12837p`, in pieces: one string per batch of claims, so a
 * million-claim file can be written to disk without holding it (the SE count comes last).
 */
export function* x12837pParts(
  batches: Iterable<readonly Claim[]>,
  options: { controlNumber?: number; date?: string } = {},
): Generator<string> {
  const control = String(options.controlNumber ?? 1).padStart(9, "0");
  const date = (options.date ?? "2026-01-01").replace(/-/g, "");
  const segments: string[] = [];
  // Segments from ST on, for SE01.
  let count = 0;
  const add = (...elements: string[]): void => {
    segments.push(elements.join("*"));
    if (count > 0 || elements[0] === "ST") count++;
  };
  const flush = (): string => {
    const text = segments.map((segment) => `${segment}~\n`).join("");
    segments.length = 0;
    return text;
  };
  const isa = [
    "ISA",
    "00",
    " ".repeat(10),
    "00",
    " ".repeat(10),
    "ZZ",
    "RATELENS".padEnd(15),
    "ZZ",
    "RECEIVER".padEnd(15),
    date.slice(2),
    "1200",
    "^",
    "00501",
    control,
    "0",
    "T",
    ":",
  ].join("*");
  segments.push(isa);
  add(
    "GS",
    "HC",
    "RATELENS",
    "RECEIVER",
    date,
    "1200",
    String(Number(control)),
    "X",
    "005010X222A1",
  );
  add("ST", "837", "0001", "005010X222A1");
  add("BHT", "0019", "00", control, date, "1200", "CH");
  add("NM1", "41", "2", "RATELENS SYNTHETIC SUBMITTER", "", "", "", "", "46", "RATELENS");
  add("PER", "IC", "BILLING", "TE", "5555550100");
  add("NM1", "40", "2", "RECEIVER", "", "", "", "", "46", "RECEIVER");
  let hl = 0;
  yield flush();
  for (const claims of batches) {
    for (const claim of claims) {
      const providerHl = ++hl;
      add("HL", String(providerHl), "", "20", "1");
      add(
        "NM1",
        "85",
        "2",
        "BILLING PROVIDER",
        "",
        "",
        "",
        "",
        "XX",
        claim.billingNpi ?? claim.renderingNpi ?? "1234567893",
      );
      add("N3", "1 MAIN ST");
      add("N4", "BALTIMORE", "MD", "21201");
      add("REF", "EI", "123456789");
      add("HL", String(++hl), String(providerHl), "22", "0");
      add(
        "SBR",
        "P",
        "18",
        "",
        "",
        "",
        "",
        "",
        "",
        claim.payer.toLowerCase().includes("medicare") ? "MB" : "CI",
      );
      add(
        "NM1",
        "IL",
        "1",
        "SYNTHETIC",
        "PATIENT",
        "",
        "",
        "",
        "MI",
        claim.patientId ?? "SYNTH0001",
      );
      add("NM1", "PR", "2", claim.payer, "", "", "", "", "PI", claim.payerId ?? "00000");
      const charge = claim.lines.length * 100;
      add(
        "CLM",
        claim.id,
        String(charge),
        "",
        "",
        `${claim.placeOfService}:B:1`,
        "Y",
        "A",
        "Y",
        "Y",
      );
      if (claim.priorAuthorization !== undefined) {
        add("REF", "G1", claim.priorAuthorization);
      }
      if (claim.diagnoses.length > 0) {
        add(
          "HI",
          ...claim.diagnoses.map(
            (code, i) => `${i === 0 ? "ABK" : "ABF"}:${code.replace(".", "")}`,
          ),
        );
      }
      if (claim.renderingNpi !== undefined && claim.renderingNpi !== claim.billingNpi) {
        add("NM1", "82", "1", "RENDERING", "PHYSICIAN", "", "", "", "XX", claim.renderingNpi);
      }
      claim.lines.forEach((line, i) => {
        add("LX", String(i + 1));
        add(
          "SV1",
          ["HC", line.code, ...line.modifiers].join(":"),
          "100",
          "UN",
          String(line.units),
          "",
          "",
          line.diagnosisPointers.join(":"),
        );
        add("DTP", "472", "D8", (line.dateOfService ?? claim.dateOfService).replace(/-/g, ""));
      });
      // Hand the text over every few thousand segments, whatever the batch size: the generator of
      // a million-claim file never holds more than a few hundred kB of it.
      if (segments.length >= 10_000) yield flush();
    }
    yield flush();
  }
  add("SE", String(count + 1), "0001");
  add("GE", "1", String(Number(control)));
  add("IEA", "1", control);
  yield flush();
}

/**
 * Conversion factors that are not in the bundled RVU files. The CY2026 PFS has two conversion
 * factors; the bundled RVU file is the non-QP one (33.4009, in its CONV FACTOR column). The QP
 * factor for qualifying APM participants is published in the CY2026 final rule, not in that file.
 */
export const QP_CONVERSION_FACTORS: ReadonlyMap<number, { value: number; source: string }> =
  new Map([
    [
      2026,
      {
        value: 33.5675,
        source:
          "CY2026 PFS final rule, qualifying APM participant conversion factor (secondary: as reported by PBN, AAMC and Advanta)",
      },
    ],
  ]);

/** Tables for the provider directory (NPPES) and payer mapping. Owned by the benchmark work. */
export const PROVIDER_TABLES: readonly string[] = [];

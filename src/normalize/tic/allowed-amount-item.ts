import { csvList, csvNumber, csvText } from "./csv-fields.js";
import type { BatchContext } from "./in-network-item.js";
import {
  asArray,
  asObject,
  optionalNumber,
  optionalText,
  optionalTextList,
  requiredNumber,
  requiredText,
} from "./normalize-error.js";
import { readNpi, readTin } from "./provider-groups.js";

/**
 * Columns of the allowed-amounts staging CSV. One row = one payment × one provider (billed charge)
 * × one NPI of that provider (NULL npi when the list is empty); `provider_index` keeps the position.
 */
export const ALLOWED_CSV_COLUMNS = {
  item_index: "INTEGER",
  amount_index: "INTEGER",
  payment_index: "INTEGER",
  provider_index: "INTEGER",
  billing_code_type: "VARCHAR",
  billing_code_type_version: "VARCHAR",
  billing_code: "VARCHAR",
  tin_type: "VARCHAR",
  tin_value: "VARCHAR",
  service_codes: "VARCHAR",
  billing_class: "VARCHAR",
  setting: "VARCHAR",
  allowed_amount: "DOUBLE",
  billing_code_modifiers: "VARCHAR",
  npi: "BIGINT",
  billed_charge: "DOUBLE",
} as const;

/** Normalises one `out_of_network` item into allowed-amount CSV lines (in `context.rows`). */
export function normalizeAllowedAmountItem(
  value: unknown,
  itemIndex: number,
  context: BatchContext,
): void {
  const path = `$.out_of_network[${itemIndex}]`;
  const item = asObject(value, path);
  const codeType = requiredText(item, "billing_code_type", path);
  const codeTypeVersion = optionalText(item, "billing_code_type_version", path);
  const code = requiredText(item, "billing_code", path);
  const amounts = asArray(item.allowed_amounts ?? [], `${path}.allowed_amounts`);
  const codeFields = `${csvText(codeType)},${csvText(codeTypeVersion)},${csvText(code)}`;
  for (let a = 0; a < amounts.length; a++) {
    const amountPath = `${path}.allowed_amounts[${a}]`;
    const amount = asObject(amounts[a], amountPath);
    const { tinType, tinValue } = readTin(amount.tin, `${amountPath}.tin`);
    const serviceCodes = optionalTextList(amount, "service_code", amountPath);
    const billingClass = optionalText(amount, "billing_class", amountPath)?.trim().toLowerCase();
    const setting = optionalText(amount, "setting", amountPath)?.trim().toLowerCase();
    const payments = asArray(amount.payments ?? [], `${amountPath}.payments`);
    for (let p = 0; p < payments.length; p++) {
      const paymentPath = `${amountPath}.payments[${p}]`;
      const payment = asObject(payments[p], paymentPath);
      const allowed = requiredNumber(payment, "allowed_amount", paymentPath);
      const modifiers = optionalTextList(payment, "billing_code_modifier", paymentPath);
      const head = `${itemIndex},${a},${p},`;
      const middle = `,${codeFields},${csvText(tinType)},${csvText(tinValue)},${csvList(serviceCodes)},${csvText(billingClass)},${csvText(setting)},${allowed},${csvList(modifiers)},`;
      const providers = asArray(payment.providers ?? [], `${paymentPath}.providers`);
      if (providers.length === 0) {
        context.rows.push(`${head}${middle},\n`);
        context.rateRows++;
      }
      for (let v = 0; v < providers.length; v++) {
        const providerPath = `${paymentPath}.providers[${v}]`;
        const provider = asObject(providers[v], providerPath);
        const billed = optionalNumber(provider, "billed_charge", providerPath);
        const npis =
          provider.npi === undefined || provider.npi === null
            ? []
            : Array.isArray(provider.npi)
              ? (provider.npi as unknown[])
              : [provider.npi];
        const wanted = npis
          .map((npi, n) => readNpi(npi, `${providerPath}.npi[${n}]`))
          .filter((npi) => context.npis === undefined || context.npis.has(npi));
        if (npis.length === 0 && context.npis === undefined) {
          context.rows.push(`${head}${v}${middle},${csvNumber(billed)}\n`);
          context.rateRows++;
        }
        for (const npi of wanted) {
          context.rows.push(`${head}${v}${middle}${npi},${csvNumber(billed)}\n`);
          context.rateRows++;
        }
      }
    }
  }
}

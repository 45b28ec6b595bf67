/**
 * The experimental fast path of an unfiltered ingest (opt-in, `fastPath: true`): in-network items that only use root provider references
 * are written, raw, to newline-delimited JSON staging files, and DuckDB's own JSON reader parses,
 * unnests and inserts them (`INSERT … SELECT` from `read_json`). In isolation that insert took 3.8
 * CPU-s for 200 MB (1.9 M rows), about half of the JavaScript path; in place, under the machine's
 * load, no gain was measured yet, hence opt-in. It is strict: any value it cannot type (a quoted list, an unknown negotiated_type, a
 * missing field) makes the statement fail, and the ingester then redoes the whole file on the
 * JavaScript path, which is lenient where real files need it and names the exact JSON path of a
 * real error.
 */

/** Thrown when the JSON fast path rejects a staging file; the caller retries the file in JavaScript. */
export class JsonFastPathError extends Error {}

const PRICE = `STRUCT(negotiated_type VARCHAR, negotiated_rate DOUBLE, expiration_date VARCHAR, service_code VARCHAR[],
  billing_class VARCHAR, setting VARCHAR, billing_code_modifier VARCHAR[], additional_information VARCHAR)`;
const ITEM = `STRUCT(negotiation_arrangement VARCHAR, billing_code_type VARCHAR, billing_code_type_version VARCHAR, billing_code VARCHAR,
  negotiated_rates STRUCT(provider_references VARCHAR[], negotiated_prices ${PRICE}[])[])`;

/** A SQL string literal (single quotes doubled), for paths and type specs that cannot be bound as parameters. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** One staging line: `{"i":<item_index>,"v":<item>}` (the item's own line breaks replaced by spaces). */
export function jsonStageLine(itemIndex: number, bytes: Buffer): Buffer[] {
  let body = bytes;
  if (bytes.includes(0x0a) || bytes.includes(0x0d)) {
    body = Buffer.from(bytes); // JSON allows raw line breaks only as whitespace: spaces are equivalent
    for (let k = body.indexOf(0x0a); k >= 0; k = body.indexOf(0x0a, k + 1)) body[k] = 0x20;
    for (let k = body.indexOf(0x0d); k >= 0; k = body.indexOf(0x0d, k + 1)) body[k] = 0x20;
  }
  return [Buffer.from(`{"i":${itemIndex},"v":`), body, Buffer.from("}\n")];
}

/** The INSERT that loads one staging file into `rates`, joining the reference map for group keys. */
export function jsonRatesInsert(fileId: number, path: string, rateColumns: string): string {
  const fail = (what: string): string => `error(${sqlString(`JSON fast path: ${what}`)})`;
  return `INSERT INTO rates (${rateColumns})
    WITH items AS (
      SELECT i, v FROM read_json(${sqlString(path)}, format = 'newline_delimited', maximum_object_size = 8388608,
        columns = {i: 'INTEGER', v: ${sqlString(ITEM)}})
      WHERE (CASE WHEN v.negotiated_rates IS NULL THEN ${fail("missing negotiated_rates")} END) IS NULL
    ), r AS (
      SELECT i, v.negotiation_arrangement AS arrangement, v.billing_code_type AS code_type, v.billing_code_type_version AS code_version,
        v.billing_code AS code, unnest(v.negotiated_rates) AS rate, generate_subscripts(v.negotiated_rates, 1) - 1 AS rate_index
      FROM items
    ), p AS (
      SELECT r.*, unnest(rate.negotiated_prices) AS price, generate_subscripts(rate.negotiated_prices, 1) - 1 AS price_index
      FROM r
      WHERE (CASE WHEN rate.negotiated_prices IS NULL OR rate.provider_references IS NULL THEN ${fail("missing negotiated_prices or provider_references")} END) IS NULL
    ), x AS (
      SELECT p.*, unnest(rate.provider_references) AS ref_id FROM p
    )
    SELECT ${fileId}, i, rate_index, price_index, code_type, code_version, code,
      CASE WHEN lower(trim(arrangement)) IN ('ffs', 'bundle', 'capitation') THEN lower(trim(arrangement)) ELSE ${fail("unknown negotiation_arrangement")} END,
      m.group_key, coalesce(m.written_id, x.ref_id),
      lower(trim(price.negotiated_type)),
      CASE lower(trim(price.negotiated_type)) WHEN 'negotiated' THEN 'dollars' WHEN 'derived' THEN 'dollars' WHEN 'fee schedule' THEN 'dollars'
        WHEN 'percentage' THEN 'percent' WHEN 'per diem' THEN 'per_diem' ELSE ${fail("unknown negotiated_type")} END,
      price.negotiated_rate, lower(trim(price.billing_class)), lower(trim(price.setting)), price.service_code, price.billing_code_modifier,
      price.expiration_date, price.additional_information
    FROM x LEFT JOIN tic_ref_map m ON m.ref_id = x.ref_id`;
}

/** A SQL string literal (single quotes doubled), for paths and type specs that cannot be bound as parameters. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

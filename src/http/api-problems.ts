/** The documented failure answers of an `/api/v1` route, as problem details (RFC 9457). */
import { STATUS_TITLES, type ErrorStatus } from "./error-status.js";
import { ProblemSchema } from "./schemas/request-schemas.js";

export function problems(...statuses: ErrorStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: STATUS_TITLES[status],
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}

/**
 * `GET /api/v1/filters`: the values the benchmark filters can take on this store (loaded payers,
 * states, markets, settings), from `filterChoices`, the same function behind the explorer's pick
 * lists. Declared in its own file and registered by `apiV1` with one line.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppServices } from "./app-services.js";
import { STATUS_TITLES } from "./error-status.js";
import { NoQuerySchema, ProblemSchema } from "./schemas/request-schemas.js";

const Choice = z.object({ value: z.string(), label: z.string() });

export const FilterChoicesSchema = z
  .object({
    payers: z.array(Choice.extend({ synthetic: z.boolean() })),
    states: z.array(Choice),
    markets: z.array(Choice),
    settings: z.array(Choice),
  })
  .openapi("FilterChoices");

const route = createRoute({
  method: "get",
  path: "/filters",
  summary: "The loaded payers, states, markets and settings the benchmark filters can take",
  request: { query: NoQuerySchema },
  responses: {
    200: {
      description: "Pick-list values; synthetic payers flagged",
      content: { "application/json": { schema: FilterChoicesSchema } },
    },
    ...Object.fromEntries(
      ([500, 503] as const).map((status) => [
        status,
        {
          description: STATUS_TITLES[status],
          content: { "application/problem+json": { schema: ProblemSchema } },
        },
      ]),
    ),
  },
});

export function mountFilterChoicesRoute(api: OpenAPIHono, services: AppServices): void {
  api.openapi(route, async (c) => c.json(await services.filterChoices(), 200));
}

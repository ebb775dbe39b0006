import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Db } from "../../db/database.js";
import { access, principalOf } from "../../http/auth.js";
import { notFound } from "../../http/problem.js";
import { problemResponses } from "../../http/schemas.js";
import { STAFF_ROLES } from "../people/index.js";
import { ClockViewSchema, caseClockViews } from "../sla/index.js";
import { visibleTo } from "./scope.js";

/** A case's SLA clocks, for staff who see the case (the sla module does not know case scopes). */
export function caseSlaRoutes(deps: { db: Db; clock: () => Date }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/cases/:caseId/sla",
      {
        config: access(...STAFF_ROLES),
        schema: {
          tags: ["sla"],
          summary: "A case's SLA clocks: status (running, paused, warning, breached, met, missed), deadline and business minutes left",
          params: Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 200: Type.Object({ caseId: Type.String(), clocks: Type.Array(ClockViewSchema) }), ...problemResponses },
        },
      },
      async (request) => {
        const { caseId } = request.params;
        const visible = await deps.db.selectFrom("cases").select("id").where("id", "=", caseId).where(visibleTo(principalOf(request))).executeTakeFirst();
        if (!visible) throw notFound("case", caseId);
        return { caseId, clocks: await caseClockViews(deps.db, caseId, deps.clock()) };
      },
    );
  };
}

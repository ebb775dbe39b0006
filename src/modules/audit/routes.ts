import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Db } from "../../db/database.js";
import { access } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { listAudit } from "./store.js";

const AuditEntryView = Type.Object({
  id: Type.String(),
  at: Type.String({ format: "date-time" }),
  actor: Type.String(),
  role: Type.String(),
  method: Type.String(),
  route: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  status: Type.Integer(),
  requestId: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export function auditRoutes(deps: { db: Db }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/audit",
      {
        config: access("supervisor", "ops_admin"),
        schema: {
          tags: ["audit"],
          summary: "The audit log of writes, newest first: by actor or by target (a case, an order, a member of staff)",
          querystring: Type.Object(
            {
              actor: Type.Optional(Type.String({ maxLength: 80 })),
              target: Type.Optional(Type.String({ maxLength: 80 })),
              before: Type.Optional(Type.String({ pattern: "^[0-9]{1,18}$", description: "cursor: the id of the last entry seen" })),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ entries: Type.Array(AuditEntryView) }), ...problemResponses },
        },
      },
      async (request) => {
        const { limit, ...filter } = request.query;
        const rows = await listAudit(deps.db, filter, limit);
        return { entries: rows.map((r) => ({ id: String(r.id), at: r.at.toISOString(), actor: r.actor, role: r.role, method: r.method, route: r.route, target: r.target, status: r.status, requestId: r.request_id, data: r.data })) };
      },
    );
  };
}

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access, principalOf } from "../../http/auth.js";
import { forbidden } from "../../http/problem.js";
import { problemResponses } from "../../http/schemas.js";
import { STAFF_ROLES, type Credentials, type StaffPrincipal } from "../people/index.js";
import { parseLastEventId } from "./stream-frames.js";
import type { CaseStream } from "./stream.js";

/** A client this far behind (bytes not yet taken by its socket) is dropped; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const DESCRIPTION = `A Server-Sent Events stream (text/event-stream) of what happens to the cases you may see: new cases, state and stage changes, messages, owner changes, tasks and presence — every outbox event that names a case. A leader receives only the cases of their pickup points, supplier quality and warehouse only theirs.

Each event: \`id\` (the outbox id), \`event\` (the topic, e.g. \`message.posted\`, \`case.approve\`, \`case.owner_changed\`) and \`data\` = {id, topic, caseId, at, payload}; payloads carry ids, never personal data — fetch the case for details. A comment line (\`: ping\`) every 15 s keeps the connection open. Reconnect with the \`Last-Event-ID\` header to be replayed what you missed; if that is too much, an event \`reset\` asks you to reload instead. An event \`ready\` ({upTo}) says the replay is over: every event after \`upTo\` reaches you live.

Authentication: send \`Authorization: Bearer <staff token>\`. A browser's built-in EventSource cannot send that header, so read the stream with fetch() and a streaming body (or a fetch-based EventSource client such as @microsoft/fetch-event-source). Tokens are never accepted in the URL: URLs are written to access logs, proxies and browser history. The stream ends when your session ends (checked at each heartbeat).`;

/** GET /stream: real-time case events for staff screens. */
export function streamRoutes(deps: { stream: CaseStream; credentials: Credentials }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/stream",
      {
        config: access(...STAFF_ROLES),
        schema: {
          tags: ["stream"],
          summary: "Real-time case events for staff screens (Server-Sent Events)",
          description: DESCRIPTION,
          headers: Type.Object({ "last-event-id": Type.Optional(Type.String({ maxLength: 32, description: "resume after this event id" })) }),
          response: {
            200: { description: "an endless text/event-stream", content: { "text/event-stream": { schema: Type.String() } } },
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        if (principal.kind !== "staff") throw forbidden("the stream is for staff");
        const authorization = request.headers.authorization ?? "";
        const lastEventId = parseLastEventId(request.headers["last-event-id"]);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
          // nginx and similar proxies would otherwise hold events back in a buffer
          "x-accel-buffering": "no",
          "x-request-id": request.id,
        });
        // the HEAD Fastify answers for every GET: the headers, and no stream to hold open
        if (request.method === "HEAD") {
          res.end();
          return reply;
        }
        res.write("retry: 3000\n\n");
        let open = true;
        const unsubscribe = deps.stream.subscribe(
          {
            principal,
            send(chunk) {
              if (!open) return true;
              res.write(chunk);
              return res.writableLength <= MAX_BUFFERED_BYTES;
            },
            end() {
              if (!open) return;
              open = false;
              res.end();
            },
            async stillValid() {
              const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
              const now = token ? await deps.credentials.verifyToken(token) : null;
              return now?.kind === "staff" && sameScope(now, principal);
            },
          },
          lastEventId,
        );
        res.on("close", () => {
          open = false;
          unsubscribe();
        });
        return reply;
      },
    );
  };
}

/** A change of role or scope ends the stream: the client reconnects and is admitted afresh. */
function sameScope(a: StaffPrincipal, b: StaffPrincipal): boolean {
  return a.staffId === b.staffId && a.role === b.role && a.leaderId === b.leaderId && a.supplierId === b.supplierId && a.warehouseId === b.warehouseId;
}

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access, principalOf } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { STAFF_ROLES } from "../people/index.js";
import { escalate } from "./escalation.js";
import { addLink, listLinks, mergeCase } from "./links.js";
import { CaseIdParams, LinkView, NoteView, OwnershipView, QueueQuery, QueueRowView, StaffId, ViewerView } from "./schemas.js";
import { addNote, handOver, heartbeat, leave, listNotes, queue, reassign, takeCase, viewersOfCase, type HandlingDeps } from "./service.js";

const STAFF = access(...STAFF_ROLES);
const CASE_WORKERS = access("agent", "supervisor");
const IdempotencyKey = Type.String({ minLength: 8, maxLength: 128, pattern: "^[A-Za-z0-9_.:-]+$", description: "optional: a retry with the same key adds nothing" });

/**
 * Case handling over HTTP: the queue, ownership (take, hand over, reassign), internal notes, who
 * is viewing, links and merges of duplicates, escalation. Registered by the server directly (it
 * imports the cases module, which imports handling's index).
 */
export function handlingRoutes(deps: HandlingDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/queue",
      {
        config: access("agent", "supervisor", "leader"),
        schema: {
          tags: ["handling"],
          summary: "The work queue: open cases in my scope, nearest SLA deadline first",
          description: "A leader sees the cases of their pickup points only. Each row has the nearest running SLA deadline and its clock, the owner, the escalation level and who is viewing the case now.",
          querystring: QueueQuery,
          response: { 200: Type.Object({ cases: Type.Array(QueueRowView), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...problemResponses },
        },
      },
      async (request) => {
        const { limit, cursor, ...filter } = request.query;
        return queue(deps, principalOf(request), filter, limit, cursor);
      },
    );

    app.post(
      "/cases/:caseId/take",
      {
        config: CASE_WORKERS,
        schema: { tags: ["handling"], summary: "Take an unowned case from the queue (首问负责: you own it until you hand it over)", description: "409 already-owned when someone else owns it; taking a case you own already changes nothing (200), so a retry is safe.", params: CaseIdParams, response: { 200: OwnershipView, ...problemResponses } },
      },
      async (request) => takeCase(deps, request.params.caseId, principalOf(request)),
    );

    app.post(
      "/cases/:caseId/handover",
      {
        config: CASE_WORKERS,
        schema: {
          tags: ["handling"],
          summary: "Hand a case over to another agent or supervisor",
          description:
            "The owner hands over their own case; a supervisor may hand over any. The note goes to the internal notes. Handing a case to whoever owns it already changes nothing and answers 200 with the ownership, so a retry is safe.",
          params: CaseIdParams,
          body: Type.Object({ toStaffId: StaffId, note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) }, { additionalProperties: false }),
          response: { 200: OwnershipView, ...problemResponses },
        },
      },
      async (request) => handOver(deps, request.params.caseId, request.body, principalOf(request)),
    );

    app.post(
      "/cases/:caseId/assign",
      {
        config: access("supervisor"),
        schema: {
          tags: ["handling"],
          summary: "Reassign a case, or take it off its owner (staffId null: back to the queue)",
          description: "Assigning a case to whoever owns it already (or null to a case nobody owns) changes nothing and answers 200, so a retry is safe.",
          params: CaseIdParams,
          body: Type.Object({ staffId: Type.Union([StaffId, Type.Null()]) }, { additionalProperties: false }),
          response: { 200: OwnershipView, ...problemResponses },
        },
      },
      async (request) => reassign(deps, request.params.caseId, request.body.staffId, principalOf(request)),
    );

    app.post(
      "/cases/:caseId/escalate",
      {
        config: access("agent", "supervisor", "leader"),
        schema: {
          tags: ["handling"],
          summary: "Escalate a case: one level up, to the least-loaded supervisor on duty",
          description:
            "The reason is kept as an internal note; the customer's timeline only shows that the case was escalated. Every call raises the level: send an Idempotency-Key to make a retry safe. A retry with the same key answers what the first call answered (header idempotent-replayed: true) and raises nothing; the same key with another case or reason is 422 idempotency-key-reused.",
          params: CaseIdParams,
          headers: Type.Object({ "idempotency-key": Type.Optional(IdempotencyKey) }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 200: OwnershipView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await escalate(deps, request.params.caseId, request.body.reason, principalOf(request), request.headers["idempotency-key"]);
        if (result.replayed) reply.header("idempotent-replayed", "true");
        return reply.status(200).send(result.body);
      },
    );

    app.post(
      "/cases/:caseId/notes",
      {
        config: STAFF,
        schema: {
          tags: ["handling"],
          summary: "Add an internal note (staff only, never shown to the customer)",
          params: CaseIdParams,
          headers: Type.Object({ "idempotency-key": Type.Optional(IdempotencyKey) }),
          body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
          response: { 201: NoteView, 200: NoteView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await addNote(deps, request.params.caseId, request.body.body, principalOf(request), request.headers["idempotency-key"]);
        if (result.replayed) reply.header("idempotent-replayed", "true");
        return reply.status(result.status).send(result.body);
      },
    );

    app.get(
      "/cases/:caseId/notes",
      {
        config: STAFF,
        schema: {
          tags: ["handling"],
          summary: "The internal notes of a case, oldest first",
          params: CaseIdParams,
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 100 }), after: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, description: "cursor: id of the last note seen" }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ notes: Type.Array(NoteView) }), ...problemResponses },
        },
      },
      async (request) => ({ notes: await listNotes(deps, request.params.caseId, principalOf(request), request.query.limit, request.query.after) }),
    );

    app.post(
      "/cases/:caseId/presence",
      {
        config: STAFF,
        schema: {
          tags: ["handling"],
          summary: "Heartbeat: I have this case open. Answers who else has it open",
          description: "Send every 10–20 s while the case is on screen; a viewer counts for 30 s after their last heartbeat.",
          params: CaseIdParams,
          response: { 200: Type.Object({ others: Type.Array(ViewerView), windowSeconds: Type.Integer() }), ...problemResponses },
        },
      },
      async (request) => heartbeat(deps, request.params.caseId, principalOf(request)),
    );

    app.delete(
      "/cases/:caseId/presence",
      {
        config: STAFF,
        schema: { tags: ["handling"], summary: "I closed this case", params: CaseIdParams, response: { 204: Type.Null(), ...problemResponses } },
      },
      async (request, reply) => {
        await leave(deps, request.params.caseId, principalOf(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/cases/:caseId/presence",
      {
        config: STAFF,
        schema: { tags: ["handling"], summary: "Who has this case open now", params: CaseIdParams, response: { 200: Type.Object({ viewers: Type.Array(ViewerView) }), ...problemResponses } },
      },
      async (request) => ({ viewers: await viewersOfCase(deps, request.params.caseId, principalOf(request)) }),
    );

    app.post(
      "/cases/:caseId/links",
      {
        config: STAFF,
        schema: {
          tags: ["handling"],
          summary: "Link two cases as duplicates or related; answers the case's links",
          params: CaseIdParams,
          body: Type.Object({ otherCaseId: Type.String({ minLength: 1, maxLength: 64 }), kind: Type.Enum(["duplicate", "related"]) }, { additionalProperties: false }),
          response: { 200: Type.Object({ links: Type.Array(LinkView) }), ...problemResponses },
        },
      },
      async (request) => ({ links: await addLink(deps, request.params.caseId, request.body, principalOf(request)) }),
    );

    app.get(
      "/cases/:caseId/links",
      {
        config: STAFF,
        schema: { tags: ["handling"], summary: "The cases linked to this one", params: CaseIdParams, response: { 200: Type.Object({ links: Type.Array(LinkView) }), ...problemResponses } },
      },
      async (request) => ({ links: await listLinks(deps, request.params.caseId, principalOf(request)) }),
    );

    app.post(
      "/cases/:caseId/merge",
      {
        config: CASE_WORKERS,
        schema: {
          tags: ["handling"],
          summary: "Merge this case into another of the same customer's (a duplicate)",
          description: "Both cases must be the same customer's and open; this one becomes merged and its claimed units go back to the order. 422 merge-refused across customers.",
          params: CaseIdParams,
          body: Type.Object({ intoCaseId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ caseId: Type.String(), state: Type.String(), mergedInto: Type.String() }), ...problemResponses },
        },
      },
      async (request) => mergeCase(deps, request.params.caseId, request.body.intoCaseId, principalOf(request)),
    );
  };
}

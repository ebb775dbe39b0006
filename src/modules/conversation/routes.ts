import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access, principalOf } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { MESSAGE_AUTHORS } from "./model.js";
import {
  CaseIdParams,
  CaseScripts,
  ConversationPage,
  ConversationQuery,
  MessageHeaders,
  MessageInput,
  MessageView,
  ReadInput,
  ReadResult,
  ScriptEdit,
  ScriptIdParams,
  ScriptInput,
  ScriptQuery,
  ScriptView,
} from "./schemas.js";
import { createScript, findScripts, reviseScript, scriptHistory, scriptsForCase } from "./scripts.js";
import { markConversationRead, postMessage, readConversation, type ConversationDeps } from "./service.js";

const TALKERS = access(...MESSAGE_AUTHORS);
const SCRIPT_READERS = access("agent", "supervisor", "leader", "ops_admin");
const SCRIPT_EDITORS = access("ops_admin", "supervisor");

/** The conversation on a case and the reply scripts staff send in it. */
export function conversationRoutes(deps: ConversationDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/cases/:caseId/messages",
      {
        config: TALKERS,
        schema: {
          tags: ["conversation"],
          summary: "Write on a case: the customer to staff, staff (agent, supervisor, the point's leader) to the customer",
          description:
            "Send `body`, or (staff) `scriptId` with `variables` to send a reply script filled from the case. The customer is notified of staff replies and the owner of customer messages (outbox `message.posted`). A retry with the same `Idempotency-Key` header or `clientMessageId` returns the first message.",
          params: CaseIdParams,
          headers: MessageHeaders,
          body: MessageInput,
          response: { 201: MessageView, ...problemResponses },
        },
      },
      async (request, reply) => {
        const result = await postMessage(deps, request.params.caseId, principalOf(request), request.body, request.headers["idempotency-key"]);
        if (result.replayed) reply.header("idempotent-replayed", "true");
        return reply.status(result.status).send(result.body);
      },
    );

    app.get(
      "/cases/:caseId/messages",
      {
        config: TALKERS,
        schema: {
          tags: ["conversation"],
          summary: "A case's conversation, oldest first, with what your side has not read",
          description: "Page forward (and poll) with `after` = the last id you have; page back from the newest with `before`. Without either, from the first message.",
          params: CaseIdParams,
          querystring: ConversationQuery,
          response: { 200: ConversationPage, ...problemResponses },
        },
      },
      async (request) => readConversation(deps, request.params.caseId, principalOf(request), request.query),
    );

    app.post(
      "/cases/:caseId/messages/read",
      {
        config: TALKERS,
        schema: {
          tags: ["conversation"],
          summary: "Mark a case's conversation read up to a message, for your side (staff share one marker)",
          params: CaseIdParams,
          body: ReadInput,
          response: { 200: ReadResult, ...problemResponses },
        },
      },
      async (request) => markConversationRead(deps, request.params.caseId, principalOf(request), request.body.upToId),
    );

    app.get(
      "/cases/:caseId/reply-scripts",
      {
        config: access("agent", "supervisor", "leader"),
        schema: {
          tags: ["reply-scripts"],
          summary: "The reply scripts that fit this case (its problem type first, then general ones) you may send, previewed with the case's values",
          params: CaseIdParams,
          response: { 200: CaseScripts, ...problemResponses },
        },
      },
      async (request) => scriptsForCase(deps.db, request.params.caseId, principalOf(request)),
    );

    app.get(
      "/reply-scripts",
      {
        config: SCRIPT_READERS,
        schema: {
          tags: ["reply-scripts"],
          summary: "Reply scripts (话术), current versions, by category then title",
          description: "A leader sees the scripts for leaders and for anyone.",
          querystring: ScriptQuery,
          response: { 200: Type.Object({ scripts: Type.Array(ScriptView) }), ...problemResponses },
        },
      },
      async (request) => ({ scripts: await findScripts(deps.db, principalOf(request), request.query) }),
    );

    app.get(
      "/reply-scripts/:scriptId/versions",
      {
        config: SCRIPT_READERS,
        schema: {
          tags: ["reply-scripts"],
          summary: "Every version of a reply script, newest first",
          params: ScriptIdParams,
          response: { 200: Type.Object({ versions: Type.Array(ScriptView) }), ...problemResponses },
        },
      },
      async (request) => ({ versions: await scriptHistory(deps.db, request.params.scriptId, principalOf(request)) }),
    );

    app.post(
      "/reply-scripts",
      {
        config: SCRIPT_EDITORS,
        schema: {
          tags: ["reply-scripts"],
          summary: "Write a new reply script (version 1)",
          body: ScriptInput,
          response: { 201: ScriptView, ...problemResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createScript(deps, request.body, principalOf(request))),
    );

    app.put(
      "/reply-scripts/:scriptId",
      {
        config: SCRIPT_EDITORS,
        schema: {
          tags: ["reply-scripts"],
          summary: "Edit a reply script: the edit becomes its next version; earlier versions stay for history",
          description: "Name the `version` you edited: if someone saved a newer one meanwhile, 409. An edit that changes nothing makes no version. `active: false` retires the script.",
          params: ScriptIdParams,
          body: ScriptEdit,
          response: { 200: ScriptView, ...problemResponses },
        },
      },
      async (request) => {
        const { version, ...input } = request.body;
        return reviseScript(deps, request.params.scriptId, { ...input, version }, principalOf(request));
      },
    );
  };
}

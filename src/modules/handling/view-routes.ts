import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { access, principalOf } from "../../http/auth.js";
import { problemResponses } from "../../http/schemas.js";
import { STAFF_ROLES } from "../people/index.js";
import { NewViewBody, SavedView, ViewChangeBody, ViewIdParams, ViewScreenQuery, changeView, createView, deleteView, myViews, type ViewDeps } from "./views.js";

const MINE_ONLY = "Each person sees and changes only their own views: another person's view id answers 404.";

/** A person's saved views of the staff work lists (queue, department tasks). */
export function viewRoutes(deps: ViewDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/me/views",
      {
        config: access(...STAFF_ROLES),
        schema: {
          tags: ["handling"],
          summary: "My saved views of a work list, by name",
          description: MINE_ONLY,
          querystring: ViewScreenQuery,
          response: { 200: Type.Object({ views: Type.Array(SavedView) }), ...problemResponses },
        },
      },
      async (request) => ({ views: await myViews(deps, principalOf(request), request.query.screen) }),
    );

    app.post(
      "/me/views",
      {
        config: access(...STAFF_ROLES),
        schema: {
          tags: ["handling"],
          summary: "Save a work list's filters as a named view",
          description: "The filters are checked against the screen's list query (422 otherwise). 409 conflict when I already have a view of that name on the screen.",
          body: NewViewBody,
          response: { 201: SavedView, ...problemResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await createView(deps, principalOf(request), request.body)),
    );

    app.put(
      "/me/views/:viewId",
      {
        config: access(...STAFF_ROLES),
        schema: {
          tags: ["handling"],
          summary: "Rename a saved view or replace its filters",
          description: `${MINE_ONLY} 409 conflict when the new name is taken.`,
          params: ViewIdParams,
          body: ViewChangeBody,
          response: { 200: SavedView, ...problemResponses },
        },
      },
      async (request) => changeView(deps, principalOf(request), request.params.viewId, request.body),
    );

    app.delete(
      "/me/views/:viewId",
      {
        config: access(...STAFF_ROLES),
        schema: { tags: ["handling"], summary: "Delete a saved view", description: MINE_ONLY, params: ViewIdParams, response: { 204: Type.Null(), ...problemResponses } },
      },
      async (request, reply) => {
        await deleteView(deps, principalOf(request), request.params.viewId);
        return reply.status(204).send(null);
      },
    );
  };
}

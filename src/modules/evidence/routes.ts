import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Db } from "../../db/database.js";
import { access, customerOf, principalOf } from "../../http/auth.js";
import { Problem, notFound } from "../../http/problem.js";
import { problemResponses, ProblemSchema } from "../../http/schemas.js";
import { readPhoto, storePhoto } from "./service.js";
import type { EvidenceStorage } from "./storage.js";

const Evidence = Type.Object({
  id: Type.String(),
  mime: Type.String(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});

export function evidenceRoutes(deps: { db: Db; storage: EvidenceStorage; clock: () => Date }): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/evidence",
      {
        config: access("customer"),
        schema: {
          tags: ["cases"],
          summary: "Upload one photo (multipart/form-data, field 'photo'); attach its id to a claim",
          description: "JPEG, PNG, WebP or HEIC, at most 8 MiB. The type is read from the bytes.",
          consumes: ["multipart/form-data"],
          response: { 201: Evidence, 413: ProblemSchema, 415: ProblemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new Problem(415, "unsupported-media-type", "Unsupported media type", "send the photo as multipart/form-data");
        const file = await request.file();
        if (!file) throw new Problem(422, "evidence-invalid", "No photo", "the form has no file part");
        const bytes = await file.toBuffer(); // throws 413 past the size limit, before anything is stored
        const stored = await storePhoto(deps, customerOf(request)!, bytes);
        return reply.status(201).send(stored);
      },
    );

    app.get(
      "/evidence/:evidenceId",
      {
        config: access("customer", "integrator", "leader", "agent", "supervisor", "warehouse", "supplier_quality", "ops_admin"),
        schema: {
          tags: ["cases"],
          summary: "The bytes of a photo",
          params: Type.Object({ evidenceId: Type.String({ maxLength: 64 }) }),
          response: { 200: Type.Unknown({ description: "the photo's bytes, with its sniffed content type" }), 404: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
        },
      },
      async (request, reply) => {
        const photo = await readPhoto(deps, request.params.evidenceId, principalOf(request));
        if (!photo) throw notFound("evidence", request.params.evidenceId);
        return reply.type(photo.mime).header("cache-control", "private, max-age=86400").send(photo.bytes);
      },
    );
  };
}

import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { Problem } from "./problem.js";

/** Maps every error to problem+json: the caller's mistakes to 4xx, our own to a bare 500. */
export function problemHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(error);
  if (problem.status >= 500) request.log.error({ err: loggable(error) }, "request failed");
  return reply.status(problem.status).type("application/problem+json").send(problem.toBody(request.url));
}

function toProblem(error: FastifyError | Error): Problem {
  if (error instanceof Problem) return error;
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = fe.validation.map((v) => ({ path: `${fe.validationContext ?? ""}${v.instancePath}`, message: v.message ?? "invalid" }));
    return new Problem(400, "validation", "Invalid request", errors.map((e) => `${e.path} ${e.message}`).join("; "), { errors });
  }
  switch (fe.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new Problem(400, "malformed-body", "Malformed body", "the body is not valid JSON");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return new Problem(415, "unsupported-media-type", "Unsupported media type", fe.message);
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
      return new Problem(413, "payload-too-large", "Payload too large", fe.message);
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500)
    return new Problem(fe.statusCode, "validation", "Bad request", fe.message);
  // a number past bigint or a malformed value reached a query: the caller's input, not our fault
  const sqlState = (error as { code?: unknown }).code;
  if (sqlState === "22003" || sqlState === "22P02") return new Problem(400, "validation", "Value out of range", "a number or identifier in the request is out of range");
  if (isDatabaseUnavailable(error)) return new Problem(503, "unavailable", "Service unavailable", "the database is not reachable; try again shortly");
  return new Problem(500, "internal", "Internal error", "something went wrong on our side; it has been logged");
}

function isDatabaseUnavailable(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return code === "ECONNREFUSED" || code === "57P01" || code === "57P03" || code === "08006" || code === "08001";
}

/**
 * What of an error may be logged: database errors can carry the query's parameters (PGlite
 * attaches them), which may hold a phone number or an address, so only the shape is kept.
 */
export function loggable(error: Error): { type: string; message: string; code?: string; constraint?: string; stack?: string } {
  const e = error as Error & { code?: unknown; constraint?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(typeof e.constraint === "string" ? { constraint: e.constraint } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

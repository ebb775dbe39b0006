import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * Serves the built web app (web/dist) from the API's own server: hashed assets for a year,
 * index.html never cached, and every other GET outside /api answered with index.html so the
 * app's router can take deep links (/desk/agent/cases/…). Without a build, / says how to make one.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<{ fallback(request: FastifyRequest, reply: FastifyReply): boolean }> {
  const root = resolve(webDir);
  const built = existsSync(join(root, "index.html"));
  if (!built) {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply.type("text/plain; charset=utf-8").send("The web app is not built. Run `npm run build:web` (npm run demo does it for you), then reload.\n"),
    );
    return { fallback: () => false };
  }
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: false,
    setHeaders(reply, path) {
      reply.header("cache-control", path.includes(join(root, "assets")) ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  const sendApp = (reply: FastifyReply) => reply.header("cache-control", "no-cache").sendFile("index.html");
  app.get("/", { schema: { hide: true } }, async (_request, reply) => sendApp(reply));
  return {
    /** answers a GET for an app route with the app; false for anything else (API, assets, files) */
    fallback(request, reply) {
      const path = request.url.split("?")[0] ?? "";
      if (request.method !== "GET" || path.startsWith("/api/") || path.startsWith("/assets/") || /\.[a-z0-9]+$/i.test(path)) return false;
      void sendApp(reply);
      return true;
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../test/app.js";

type Operation = { summary?: string; tags?: string[]; security?: unknown[]; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>; description?: string };

/** The OpenAPI document describes every endpoint the server has, completely enough to build a client from. */
describe("the OpenAPI document", () => {
  let t: TestApp;
  let operations: [string, Operation][];
  beforeAll(async () => {
    t = await startTestApp();
    const doc = json(await t.server.inject({ method: "GET", url: "/openapi.json" }));
    operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => method !== "head")
        .map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`, op]),
    );
  });
  afterAll(() => t.close());

  it("lists exactly the routes the server guards", () => {
    expect(operations.map(([key]) => key).sort()).toEqual(t.server.accessTable.map((r) => `${r.method} ${r.url}`).sort());
  });

  it("gives every operation a summary, a tag, its roles and a documented success answer", () => {
    const gaps: string[] = [];
    for (const [key, op] of operations) {
      if (!op.summary) gaps.push(`${key}: no summary`);
      if (!op.tags?.length) gaps.push(`${key}: no tag`);
      if (!Array.isArray(op.security)) gaps.push(`${key}: no security`);
      else if (op.security.length > 0 && !/Roles: /.test(op.description ?? "")) gaps.push(`${key}: roles not described`);
      const success = Object.keys(op.responses ?? {}).filter((code) => /^2\d\d$/.test(code));
      if (success.length === 0) gaps.push(`${key}: no 2xx response`);
      if (!Object.keys(op.responses ?? {}).some((code) => /^[45]\d\d$/.test(code))) gaps.push(`${key}: no problem responses`);
    }
    expect(gaps).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";

describe("saved views of the staff work lists", () => {
  let t: TestApp;
  let agent: { id: string; token: string };
  let colleague: { id: string; token: string };
  let finance: { id: string; token: string };
  beforeAll(async () => {
    t = await startTestApp();
    agent = await t.staff("agent");
    colleague = await t.staff("agent");
    finance = await t.staff("finance");
  });
  afterAll(() => t.close());

  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, token: string, payload?: object) =>
    t.server.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  it("saves, lists by name, renames, refilters and deletes my own views", async () => {
    const created = await call("POST", "/me/views", agent.token, { screen: "queue", name: "鲜品待审", filters: { view: "unassigned", problemType: "spoiled", state: "in_review" } });
    expect(created.statusCode).toBe(201);
    const view = json(created);
    expect(view).toMatchObject({ screen: "queue", name: "鲜品待审", filters: { view: "unassigned", problemType: "spoiled", state: "in_review" } });
    await call("POST", "/me/views", agent.token, { screen: "queue", name: "A escalated", filters: { view: "escalated" } });
    await call("POST", "/me/views", agent.token, { screen: "tasks", name: "mine", filters: { mine: true } });

    const listed = json(await call("GET", "/me/views?screen=queue", agent.token)).views as { name: string }[];
    expect(listed.map((v) => v.name)).toEqual(["A escalated", "鲜品待审"]);

    const renamed = await call("PUT", `/me/views/${view.id}`, agent.token, { name: "fresh, unassigned", filters: { view: "mine" } });
    expect(renamed.statusCode).toBe(200);
    expect(json(renamed)).toMatchObject({ id: view.id, name: "fresh, unassigned", filters: { view: "mine" } });

    expect((await call("DELETE", `/me/views/${view.id}`, agent.token)).statusCode).toBe(204);
    expect((json(await call("GET", "/me/views?screen=queue", agent.token)).views as { name: string }[]).map((v) => v.name)).toEqual(["A escalated"]);
    expect((await call("DELETE", `/me/views/${view.id}`, agent.token)).statusCode).toBe(404);
  });

  it("keeps each person's views to themselves: another's view id is 404", async () => {
    const mine = json(await call("POST", "/me/views", agent.token, { screen: "queue", name: "private", filters: {} }));
    expect(json(await call("GET", "/me/views?screen=queue", colleague.token)).views).toEqual([]);
    expect((await call("PUT", `/me/views/${mine.id}`, colleague.token, { name: "stolen" })).statusCode).toBe(404);
    expect((await call("DELETE", `/me/views/${mine.id}`, colleague.token)).statusCode).toBe(404);
    // the same name is free for someone else
    expect((await call("POST", "/me/views", colleague.token, { screen: "queue", name: "private", filters: {} })).statusCode).toBe(201);
    const own = json(await call("GET", "/me/views?screen=queue", agent.token)).views.filter((v: { name: string }) => v.name === "private");
    expect(own.map((v: { id: string }) => v.id)).toEqual([mine.id]);
  });

  it("refuses a name I already use on the screen (409), on create and on rename; another screen is fine", async () => {
    await call("POST", "/me/views", finance.token, { screen: "tasks", name: "today", filters: {} });
    const clash = await call("POST", "/me/views", finance.token, { screen: "tasks", name: "today", filters: { mine: true } });
    expect(clash.statusCode).toBe(409);
    expect(json(clash).type).toBe("https://anxin.dev/problems/conflict");
    expect((await call("POST", "/me/views", finance.token, { screen: "queue", name: "today", filters: {} })).statusCode).toBe(201);
    const other = json(await call("POST", "/me/views", finance.token, { screen: "tasks", name: "later", filters: {} }));
    expect((await call("PUT", `/me/views/${other.id}`, finance.token, { name: "today" })).statusCode).toBe(409);
  });

  it("accepts only the screens with views and the filters their list accepts", async () => {
    const bad = [
      { screen: "queue", name: "x1", filters: { view: "everything" } },
      { screen: "queue", name: "x2", filters: { problemType: "not-a-type" } },
      { screen: "queue", name: "x3", filters: { cursor: "abc" } },
      { screen: "queue", name: "x4", filters: { department: "finance" } },
      { screen: "tasks", name: "x5", filters: { view: "mine" } },
      { screen: "tasks", name: "x6", filters: { mine: "yes" } },
      { screen: "cases", name: "x7", filters: {} },
      { screen: "queue", name: "", filters: {} },
    ];
    for (const body of bad) {
      const res = await call("POST", "/me/views", agent.token, body);
      // a body the route's schema refuses is 400, filters the screen refuses 422: both are validation problems
      expect([400, 422], JSON.stringify(body)).toContain(res.statusCode);
      expect(json(res).type).toBe("https://anxin.dev/problems/validation");
    }
    const tasksView = json(await call("POST", "/me/views", agent.token, { screen: "tasks", name: "finance open", filters: { department: "finance", state: "open" } }));
    expect((await call("PUT", `/me/views/${tasksView.id}`, agent.token, { filters: { problemType: "spoiled" } })).statusCode).toBe(422);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { makeOrder } from "../../../test/factories.js";

describe("staff login, sessions and the staff directory", () => {
  let t: TestApp;
  let admin: string;
  const post = (url: string, payload: object, token?: string) =>
    t.server.inject({ method: "POST", url: `/api/v1${url}`, payload, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const get = (url: string, token: string) => t.server.inject({ method: "GET", url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await startTestApp();
    await t.server.inject({ method: "POST", url: "/api/v1/orders", headers: { "x-api-key": t.apiKey }, payload: makeOrder() });
    admin = (await t.staff("ops_admin")).token;
  });
  afterAll(() => t.close());

  it("stores an argon2id hash, never the password, and logs in with it", async () => {
    const created = await post("/staff", { login: "xiaowang", name: "客服 小王", role: "agent", password: "s3cret-pass", skills: ["spoiled"] }, admin);
    expect(created.statusCode).toBe(201);
    expect(json(created)).not.toHaveProperty("password");
    const row = await t.database.db.selectFrom("staff").select("password_hash").where("login", "=", "xiaowang").executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain("s3cret-pass");
    const res = await post("/auth/login", { login: "xiaowang", password: "s3cret-pass" });
    expect(res.statusCode).toBe(200);
    expect(json(res).staff).toMatchObject({ login: "xiaowang", role: "agent", skills: ["spoiled"] });
    expect((await get("/auth/me", json(res).token)).statusCode).toBe(200);
  });

  it("answers a wrong password and an unknown login alike", async () => {
    const wrong = await post("/auth/login", { login: "xiaowang", password: "nope-nope" });
    const unknown = await post("/auth/login", { login: "nobody", password: "nope-nope" });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong).detail).toBe(json(unknown).detail);
    expect(json(wrong).type).toBe("https://anxin.dev/problems/unauthenticated");
  });

  it("ends the session on logout: the token stops working", async () => {
    const { token } = json(await post("/auth/login", { login: "xiaowang", password: "s3cret-pass" }));
    expect((await post("/auth/logout", {}, token)).statusCode).toBe(204);
    expect((await get("/auth/me", token)).statusCode).toBe(401);
  });

  it("locks out a disabled member of staff at once and refuses their next login", async () => {
    const { token, staff } = json(await post("/auth/login", { login: "xiaowang", password: "s3cret-pass" }));
    const res = await t.server.inject({ method: "PATCH", url: `/api/v1/staff/${staff.id}`, headers: { authorization: `Bearer ${admin}` }, payload: { disabled: true } });
    expect(json(res)).toMatchObject({ disabled: true, onDuty: false });
    const rows = await t.database.db.selectFrom("staff_sessions").select("revoked_at").where("staff_id", "=", staff.id).execute();
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
    expect((await get("/auth/me", token)).statusCode).toBe(401);
    expect((await post("/auth/login", { login: "xiaowang", password: "s3cret-pass" })).statusCode).toBe(401);
  });

  it("refuses a leader without their leader, and a login that is taken", async () => {
    const noScope = await post("/staff", { login: "leader-x", name: "团长", role: "leader", password: "long-enough" }, admin);
    expect(noScope.statusCode).toBe(422);
    const taken = await post("/staff", { login: "xiaowang", name: "again", role: "agent", password: "long-enough" }, admin);
    expect(taken.statusCode).toBe(409);
  });

  it("answers mistakes in the staff directory with problems, not 500s", async () => {
    const unknownLeader = await post("/staff", { login: "leader-y", name: "团长", role: "leader", password: "long-enough", leaderId: "LD-NOPE" }, admin);
    expect(unknownLeader.statusCode).toBe(422);
    const agent = await t.staff("agent");
    const toLeader = await t.server.inject({ method: "PATCH", url: `/api/v1/staff/${agent.id}`, headers: { authorization: `Bearer ${admin}` }, payload: { role: "leader" } });
    expect(toLeader.statusCode).toBe(422);
    const twice = await Promise.all([1, 2].map(() => post("/staff", { login: "same-login", name: "x", role: "agent", password: "long-enough" }, admin)));
    expect(twice.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it("lets a supervisor put agents on duty but not change roles or passwords", async () => {
    const sup = await t.staff("supervisor");
    const agent = await t.staff("agent");
    const duty = await t.server.inject({ method: "PATCH", url: `/api/v1/staff/${agent.id}`, headers: { authorization: `Bearer ${sup.token}` }, payload: { onDuty: true, capacity: 30 } });
    expect(json(duty)).toMatchObject({ onDuty: true, capacity: 30 });
    const role = await t.server.inject({ method: "PATCH", url: `/api/v1/staff/${agent.id}`, headers: { authorization: `Bearer ${sup.token}` }, payload: { role: "ops_admin" } });
    expect(role.statusCode).toBe(403);
  });

  it("slows down password guessing: past 20 attempts a minute from one address, 429 until the minute is over", async () => {
    const guesses = [];
    for (let i = 0; i < 25; i++) guesses.push((await post("/auth/login", { login: "xiaowang", password: `guess-${i}` })).statusCode);
    expect(guesses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await post("/auth/login", { login: "xiaowang", password: "s3cret-pass" });
    expect(limited.statusCode).toBe(429);
    expect(json(limited).type).toBe("https://anxin.dev/problems/rate-limited");
  });

  it("keeps an audit entry of every write, refusals included, without bodies", async () => {
    await post("/auth/login", { login: "xiaowang", password: "wrong-password" });
    const agent = await t.staff("agent");
    await post("/staff", { login: "sneaky", name: "x", role: "ops_admin", password: "long-enough" }, agent.token);
    // the entry is written once the answer has gone out (onResponse): on a server pool it can land
    // a moment after the caller has its answer
    type Entry = { actor: string; route: string; status: number; data: Record<string, unknown> };
    const refusal = (e: Entry) => e.route === "/api/v1/staff" && e.status === 403 && e.actor === `staff:${agent.id}`;
    let entries: Entry[] = [];
    for (let i = 0; i < 50 && !entries.some(refusal); i++) {
      if (i) await new Promise((r) => setTimeout(r, 20));
      entries = json(await get("/audit?limit=200", admin)).entries as Entry[];
    }
    expect(entries.some((e) => e.route === "/api/v1/auth/login" && e.status === 401 && e.actor === "anonymous" && e.data.login === "xiaowang")).toBe(true);
    expect(entries.some(refusal)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain("wrong-password");
  });
});

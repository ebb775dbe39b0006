import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApp, type TestApp } from "../../../test/app.js";
import { handlingKit } from "./handling.fixtures.js";

describe("duplicates: links and merges", () => {
  let t: TestApp;
  let kit: ReturnType<typeof handlingKit>;
  let agent: { id: string; token: string };
  beforeAll(async () => {
    t = await startTestApp();
    kit = handlingKit(t);
    agent = await t.staff("agent");
  });
  afterAll(() => t.close());

  const claimedUnits = async (orderItemId: string) =>
    (await t.database.db.selectFrom("order_items").select("claimed_quantity").where("id", "=", orderItemId).executeTakeFirstOrThrow()).claimed_quantity;

  it("links two cases both ways, on both timelines", async () => {
    const a = await kit.reviewCase({ customerId: "C-L1" });
    const b = await kit.reviewCase({ customerId: "C-L2" });
    const res = await kit.call("POST", `/cases/${a.id}/links`, agent.token, { otherCaseId: b.id, kind: "related" });
    expect(res.statusCode).toBe(200);
    expect(json(res).links).toEqual([expect.objectContaining({ caseId: a.id, otherCaseId: b.id, kind: "related", sameCustomer: false, createdBy: `staff:${agent.id}` })]);
    expect(json(await kit.call("GET", `/cases/${b.id}/links`, agent.token)).links).toEqual([expect.objectContaining({ otherCaseId: a.id, kind: "related" })]);
    expect((await kit.timeline(a.id)).at(-1)).toMatchObject({ type: "linked", data: { otherCaseId: b.id, kind: "related" } });
    expect((await kit.timeline(b.id)).at(-1)).toMatchObject({ type: "linked", data: { otherCaseId: a.id, kind: "related" } });
    // marked again as duplicates: one link, its kind changed
    await kit.call("POST", `/cases/${a.id}/links`, agent.token, { otherCaseId: b.id, kind: "duplicate" });
    expect(json(await kit.call("GET", `/cases/${a.id}/links`, agent.token)).links).toEqual([expect.objectContaining({ kind: "duplicate" })]);
    expect((await kit.call("POST", `/cases/${a.id}/links`, agent.token, { otherCaseId: a.id, kind: "duplicate" })).statusCode).toBe(422);
    expect((await kit.call("POST", `/cases/${a.id}/links`, agent.token, { otherCaseId: "AS-none", kind: "duplicate" })).statusCode).toBe(404);
  });

  it("merges a duplicate into the same customer's open case: merged, units released, linked, on both timelines", async () => {
    const survivor = await kit.reviewCase({ customerId: "C-M1" });
    const duplicate = await kit.reviewCase({ customerId: "C-M1" });
    const line = duplicate.items[0].orderItemId as string;
    expect(await claimedUnits(line)).toBe(1);
    const res = await kit.call("POST", `/cases/${duplicate.id}/merge`, agent.token, { intoCaseId: survivor.id });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ caseId: duplicate.id, state: "merged", mergedInto: survivor.id });
    expect(await claimedUnits(line)).toBe(0);
    expect(await claimedUnits(survivor.items[0].orderItemId)).toBe(1);
    expect(await kit.caseRow(duplicate.id)).toMatchObject({ state: "merged", merged_into: survivor.id });
    expect((await kit.timeline(duplicate.id)).at(-1)).toMatchObject({ type: "merge", data: { into: survivor.id } });
    expect((await kit.timeline(survivor.id)).at(-1)).toMatchObject({ type: "merged_from", data: { fromCaseId: duplicate.id } });
    expect(json(await kit.call("GET", `/cases/${survivor.id}/links`, agent.token)).links).toEqual([expect.objectContaining({ otherCaseId: duplicate.id, kind: "merged_from", sameCustomer: true })]);
    // a later plain link does not hide the merge
    await kit.call("POST", `/cases/${survivor.id}/links`, agent.token, { otherCaseId: duplicate.id, kind: "related" });
    expect(json(await kit.call("GET", `/cases/${duplicate.id}/links`, agent.token)).links).toEqual([expect.objectContaining({ kind: "merged_into" })]);
    // the merged case is no longer in the queue
    const queue = json(await kit.call("GET", "/queue?limit=100", agent.token)).cases.map((r: { caseId: string }) => r.caseId);
    expect(queue).toContain(survivor.id);
    expect(queue).not.toContain(duplicate.id);
  });

  it("refuses to merge different customers' cases and changes nothing", async () => {
    const a = await kit.reviewCase({ customerId: "C-X1" });
    const b = await kit.reviewCase({ customerId: "C-X2" });
    const res = await kit.call("POST", `/cases/${b.id}/merge`, agent.token, { intoCaseId: a.id });
    expect(res.statusCode).toBe(422);
    expect(json(res).type).toBe("https://anxin.dev/problems/merge-refused");
    expect((await kit.caseRow(b.id)).state).toBe("in_review");
    expect(await claimedUnits(b.items[0].orderItemId)).toBe(1);
  });

  it("refuses to merge into a finished case, or a finished case into another", async () => {
    const open = await kit.reviewCase({ customerId: "C-F1" });
    const finished = await kit.reviewCase({ customerId: "C-F1" });
    await kit.reject(finished.id);
    expect((await kit.call("POST", `/cases/${open.id}/merge`, agent.token, { intoCaseId: finished.id })).statusCode).toBe(409);
    expect((await kit.call("POST", `/cases/${finished.id}/merge`, agent.token, { intoCaseId: open.id })).statusCode).toBe(409);
    expect((await kit.caseRow(open.id)).state).toBe("in_review");
  });

  it("lets only agents and supervisors merge", async () => {
    const a = await kit.reviewCase({ customerId: "C-R1" });
    const b = await kit.reviewCase({ customerId: "C-R1" });
    expect((await kit.call("POST", `/cases/${b.id}/merge`, await t.tokenFor("C-R1"), { intoCaseId: a.id })).statusCode).toBe(403);
    const leader = await t.staff("leader", { leaderId: "LD-001" });
    expect((await kit.call("POST", `/cases/${b.id}/merge`, leader.token, { intoCaseId: a.id })).statusCode).toBe(403);
  });
});

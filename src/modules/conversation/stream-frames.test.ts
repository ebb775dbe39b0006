import { describe, expect, it } from "vitest";
import { caseIdOf, eventFrame, parseLastEventId, streamPayload, takeInOrder, type OutboxEvent } from "./stream-frames.js";

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const GRACE = 2_000;

describe("takeInOrder", () => {
  it.each([
    ["takes a contiguous run", 10, null, rows(11, 12, 13), 0, [11, 12, 13], { lastSeen: 13, gapSince: null }],
    ["stops at a hole and starts waiting", 10, null, rows(11, 13, 14), 5_000, [11], { lastSeen: 11, gapSince: 5_000 }],
    ["keeps waiting within the grace", 11, 5_000, rows(13, 14), 6_999, [], { lastSeen: 11, gapSince: 5_000 }],
    ["takes the hole's row once it commits", 11, 5_000, rows(12, 13, 14), 6_000, [12, 13, 14], { lastSeen: 14, gapSince: null }],
    ["gives the hole up after the grace (rolled back)", 11, 5_000, rows(13, 14), 7_000, [13, 14], { lastSeen: 14, gapSince: null }],
    ["waits anew at a second hole", 11, 5_000, rows(13, 15), 7_000, [13], { lastSeen: 13, gapSince: 7_000 }],
    ["skips rows already taken", 12, null, rows(11, 12, 13), 0, [13], { lastSeen: 13, gapSince: null }],
    ["nothing new, nothing changes", 12, null, rows(), 0, [], { lastSeen: 12, gapSince: null }],
  ] as const)("%s", (_, lastSeen, gapSince, input, now, taken, pos) => {
    const r = takeInOrder([...input], { lastSeen, gapSince }, now, GRACE);
    expect(r.take.map((x) => x.id)).toEqual(taken);
    expect(r.pos).toEqual(pos);
  });
});

describe("stream payloads", () => {
  it("keeps only allowlisted ids, states and times: free text, nested data and unknown fields stay on the server", () => {
    expect(
      streamPayload({
        caseId: "AS1",
        from: "submitted",
        to: "approved",
        amountFen: 500,
        customerPhone: "13912345678",
        contact: { phone: "1" },
        reason: "客户电话 13912345678 打不通",
        parties: [{ party: "supplier", partyId: "SUP-01", amountFen: 500 }],
        stage: { zh: "处理中" },
      }),
    ).toEqual({ caseId: "AS1", from: "submitted", to: "approved", amountFen: 500 });
  });

  it("frames an event with its outbox id, topic and case", () => {
    const e: OutboxEvent = { id: 42, topic: "message.posted", aggregate_id: "AS1", payload: { caseId: "AS1", messageId: 7 }, created_at: new Date("2026-11-20T04:00:00.000Z") };
    expect(caseIdOf(e)).toBe("AS1");
    const frame = eventFrame(e, "AS1");
    expect(frame).toBe(`id: 42\nevent: message.posted\ndata: {"id":42,"topic":"message.posted","caseId":"AS1","at":"2026-11-20T04:00:00.000Z","payload":{"caseId":"AS1","messageId":7}}\n\n`);
  });

  it("only events naming a case go to screens", () => {
    expect(caseIdOf({ id: 1, topic: "refund.paid", aggregate_id: "R1", payload: { refundId: "R1" }, created_at: new Date() })).toBeNull();
  });

  it.each([
    [undefined, null],
    ["", null],
    ["17", 17],
    [" 17 ", 17],
    ["abc", null],
    ["-1", null],
    ["1e3", null],
  ] as const)("Last-Event-ID %j resumes after %j", (header, expected) => {
    expect(parseLastEventId(header)).toBe(expected);
  });
});

import { Type, type TSchema } from "typebox";
import { CASE_STATES } from "../cases/index.js";
import { PROBLEM_TYPES } from "../policy/index.js";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: "date-time" });

export const CaseIdParams = Type.Object({ caseId: Type.String({ maxLength: 64 }) });
export const StaffId = Type.String({ minLength: 1, maxLength: 64 });

export const OwnershipView = Type.Object({
  caseId: Type.String(),
  state: Type.String(),
  ownerId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  ownedSince: Nullable(DateTime),
  escalationLevel: Type.Integer(),
});

export const ViewerView = Type.Object({ staffId: Type.String(), name: Type.String(), role: Type.String(), seenAt: DateTime });

export const QueueQuery = Type.Object(
  {
    view: Type.Enum(["mine", "unassigned", "team", "escalated"], {
      default: "team",
      description: "mine: cases I own; unassigned: nobody owns them; team: every open case in my scope; escalated: escalated at least once",
    }),
    problemType: Type.Optional(Type.Enum(PROBLEM_TYPES)),
    state: Type.Optional(Type.Enum(CASE_STATES, { description: "an open state; a finished one gives an empty queue" })),
    pickupPointId: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: "nextCursor of the previous page" })),
  },
  { additionalProperties: false },
);

export const QueueRowView = Type.Object({
  caseId: Type.String(),
  orderId: Type.String(),
  customerId: Type.String(),
  state: Type.String(),
  stage: Type.String({ description: "the customer's stage: 审核中, 待退货, 退货中, 处理中" }),
  problemType: Type.String(),
  pickupPointId: Nullable(Type.String()),
  claimedFen: Type.Integer(),
  ownerId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  escalationLevel: Type.Integer(),
  createdAt: DateTime,
  nextDeadline: Nullable(
    Type.Object({
      at: DateTime,
      kind: Type.String({ description: "the SLA clock: first_response, resolution, …" }),
      warnAt: Nullable(Type.String({ format: "date-time", description: "when the clock warns (its warn fraction of the budget, 80 % by default): from then until `at` the case is at risk, after `at` breached" })),
    }),
  ),
  viewers: Type.Array(ViewerView),
});

export const NoteView = Type.Object({
  id: Type.Integer(),
  caseId: Type.String(),
  kind: Type.String({ description: "note, handover or escalation" }),
  body: Type.String(),
  authorId: Nullable(Type.String()),
  authorName: Nullable(Type.String()),
  actor: Type.String(),
  createdAt: DateTime,
});

export const LinkView = Type.Object({
  caseId: Type.String(),
  otherCaseId: Type.String(),
  kind: Type.Enum(["duplicate", "related", "merged_into", "merged_from"]),
  otherState: Type.String(),
  otherProblemType: Type.String(),
  sameCustomer: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: DateTime,
});

import { Type, type Static } from "typebox";
import { PROBLEM_TYPES } from "../policy/index.js";
import { CASE_VARIABLES, MAX_MESSAGE_CHARS, SCRIPT_AUDIENCES } from "./model.js";

export const CaseIdParams = Type.Object({ caseId: Type.String({ maxLength: 64 }) });
export const ScriptIdParams = Type.Object({ scriptId: Type.String({ maxLength: 64 }) });

const MessageId = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "message ids grow with time across all cases" });

const variableList = Object.entries(CASE_VARIABLES)
  .map(([name, what]) => `{${name}} ${what}`)
  .join("; ");

export const MessageInput = Type.Object(
  {
    body: Type.Optional(Type.String({ maxLength: MAX_MESSAGE_CHARS, description: "your own words, 1–2000 characters; whitespace alone is refused (422)" })),
    scriptId: Type.Optional(Type.String({ maxLength: 64, description: "staff: send a reply script instead of body; the server fills it from the case and records its version" })),
    variables: Type.Optional(
      Type.Record(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9]{0,39}$" }), Type.String({ maxLength: 200 }), {
        maxProperties: 10,
        description: `values for the script's variables the case cannot fill (e.g. {pickupTime}). Case variables are filled by the server and may not be set: ${variableList}`,
      }),
    ),
    evidenceIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 9, description: "customer: photos uploaded with POST /evidence" })),
    clientMessageId: Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: "^[A-Za-z0-9_.:-]+$", description: "the sender's id for this message: a retry with the same id returns the first message (as Idempotency-Key does)" })),
  },
  { additionalProperties: false },
);
export type MessageInput = Static<typeof MessageInput>;

export const MessageHeaders = Type.Object({
  "idempotency-key": Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: "^[A-Za-z0-9_.:-]+$", description: "a retry with the same key returns the first message and writes nothing" })),
});

export const MessageView = Type.Object({
  id: MessageId,
  caseId: Type.String(),
  side: Type.Enum(["customer", "staff"]),
  author: Type.Object({
    role: Type.String(),
    label: Type.String({ description: "how the author is shown: 顾客, or role and name such as 客服 小王" }),
    actor: Type.Optional(Type.String({ description: "staff viewers only: customer:C1, staff:S-1" })),
  }),
  mine: Type.Boolean(),
  body: Type.String(),
  evidenceIds: Type.Array(Type.String()),
  script: Type.Optional(Type.Union([Type.Object({ id: Type.String(), version: Type.Integer() }), Type.Null()], { description: "staff viewers only: the reply script and version the message was written from" })),
  clientMessageId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "on your own messages" })),
  createdAt: Type.String({ format: "date-time" }),
});

const ReadState = {
  unreadForMe: Type.Integer({ description: "messages of the other side you (your side: customer, or staff together) have not read" }),
  readUpTo: Type.Integer({ description: "your side's read marker" }),
  otherSideReadUpTo: Type.Integer({ description: "the other side's read marker (已读)" }),
};

export const ConversationPage = Type.Object({
  messages: Type.Array(MessageView),
  hasMore: Type.Boolean({ description: "more messages lie beyond this page (after the last, or before the first when paging back)" }),
  ...ReadState,
});

export const ConversationQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: "cursor: messages after this id, oldest first (also for polling)" })),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "cursor: the messages just before this id, oldest first (paging back from the newest)" })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const ReadInput = Type.Object({ upToId: MessageId }, { additionalProperties: false });
export const ReadResult = Type.Object(ReadState);

export const ScriptCategory = Type.Enum([...PROBLEM_TYPES, "general"], { description: "a problem type, or general" });
export const ScriptAudience = Type.Enum(SCRIPT_AUDIENCES, { description: "who sends it: agents, leaders, or any" });

export const ScriptInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 100 }),
    category: ScriptCategory,
    audience: ScriptAudience,
    body: Type.String({ minLength: 1, maxLength: MAX_MESSAGE_CHARS, description: `the text with variables in braces. Filled from the case: ${variableList}. Any other {name} is asked of the sender.` }),
    active: Type.Optional(Type.Boolean({ description: "false retires the script: it is no longer offered or sendable" })),
  },
  { additionalProperties: false },
);

export const ScriptEdit = Type.Object(
  { ...ScriptInput.properties, version: Type.Integer({ minimum: 1, description: "the version you edited; a newer one answers 409" }) },
  { additionalProperties: false },
);

export const ScriptView = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  category: Type.String(),
  audience: ScriptAudience,
  body: Type.String(),
  active: Type.Boolean(),
  current: Type.Boolean({ description: "false for a version an edit has replaced" }),
  variables: Type.Array(Type.String()),
  needsInput: Type.Array(Type.String(), { description: "variables the sender supplies in `variables`" }),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});

export const ScriptQuery = Type.Object(
  {
    category: Type.Optional(ScriptCategory),
    audience: Type.Optional(Type.Enum(SCRIPT_AUDIENCES, { description: "the scripts this kind of sender may use (theirs and those for any)" })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: "words in the title or text" })),
    includeInactive: Type.Boolean({ default: false, description: "supervisors and operations: list retired scripts too" }),
  },
  { additionalProperties: false },
);

export const CaseScripts = Type.Object({
  caseId: Type.String(),
  problemType: Type.String(),
  scripts: Type.Array(
    Type.Object({
      ...ScriptView.properties,
      preview: Type.Object({
        text: Type.String({ description: "filled with this case's values; what cannot be filled stays as {name}" }),
        needsInput: Type.Array(Type.String()),
        unavailable: Type.Array(Type.String(), { description: "case variables this case has no value for: sending the script is refused" }),
      }),
    }),
  ),
});

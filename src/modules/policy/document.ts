import { Type, type Static } from "typebox";
import { Value } from "typebox/value";
import { PROBLEM_TYPES, RESOLUTIONS, type ProblemType, type Resolution } from "./model.js";

/*
 * The policy document: the public, versioned rules (seed 003) as plain JSON. Operations
 * publish a new version; `decide` reads only this document and the claim's facts.
 */

const FenAmount = Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: "amount in fen (分)" });
const Count = Type.Integer({ minimum: 0, maximum: 10_000 });
const Text = Type.Object({ zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const GuidedQuestion = Type.Object(
  {
    /** the key of the answer in `ClaimFacts.answers` */
    key: Type.String({ pattern: "^[a-z][A-Za-z0-9]{0,39}$" }),
    kind: Type.Enum(["boolean", "number", "choice"]),
    label: Text,
    /** a required question left unanswered routes the claim to review */
    required: Type.Boolean(),
    /** the allowed values of a `choice` question, absent otherwise */
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 40 }), label: Text }, { additionalProperties: false }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type GuidedQuestion = Static<typeof GuidedQuestion>;

export const EvidenceRequirement = Type.Object(
  { minPhotos: Type.Integer({ minimum: 0, maximum: 9 }), minDescriptionChars: Type.Integer({ minimum: 0, maximum: 500 }) },
  { additionalProperties: false },
);
export type EvidenceRequirement = Static<typeof EvidenceRequirement>;

export const ProblemRule = Type.Object(
  {
    evidence: EvidenceRequirement,
    /** asked by the guided questionnaire: only what this problem type needs (seed 004) */
    questions: Type.Array(GuidedQuestion, { maxItems: 10 }),
    /** allowed resolutions, the preferred one first */
    resolutions: Type.Array(Type.Enum(RESOLUTIONS), { minItems: 1, uniqueItems: true }),
    /** a refund needs the goods back (refund only becomes return and refund), unless the no-return waiver applies */
    returnGoods: Type.Boolean(),
    /** whether the small-quality instant refund (极速退款) may decide this problem type */
    autoApprove: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ProblemRule = Static<typeof ProblemRule>;

const LateCompensation = Type.Union([
  Type.Object({ kind: Type.Literal("fixed"), fen: FenAmount }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("percent"), percent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }), capFen: FenAmount }, { additionalProperties: false }),
]);

export const PolicyDocument = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    /** the day (China time) this version takes effect, YYYY-MM-DD */
    effectiveFrom: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }),
    windows: Type.Object(
      {
        /** fresh produce (生鲜), counted in hours from pickup */
        fresh: Type.Object(
          {
            /** the platform's own no-reason promise; null: none, the law's exclusion applies alone (办法第六条) */
            noReasonHours: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 168 }), Type.Null()]),
            qualityHours: Type.Number({ exclusiveMinimum: 0, maximum: 720 }),
          },
          { additionalProperties: false },
        ),
        /** other goods, counted in days from the day after receipt (办法第十条) */
        standard: Type.Object(
          { noReasonDays: Type.Integer({ minimum: 1, maximum: 90 }), qualityDays: Type.Integer({ minimum: 1, maximum: 365 }) },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    problems: Type.Object(
      {
        not_delivered: ProblemRule,
        missing_items: ProblemRule,
        wrong_item: ProblemRule,
        damaged: ProblemRule,
        spoiled: ProblemRule,
        short_weight: ProblemRule,
        expired: ProblemRule,
        late_delivery: ProblemRule,
        foreign_object: ProblemRule,
        poor_quality: ProblemRule,
        changed_mind: ProblemRule,
      },
      { additionalProperties: false },
    ),
    autoApproval: Type.Object(
      {
        /** refund an item never delivered once it is overdue */
        notDelivered: Type.Object(
          {
            enabled: Type.Boolean(),
            minutesAfterPromised: Type.Integer({ minimum: 0, maximum: 10_080 }),
            /** when the order carries no promised time: hours after it was placed */
            hoursAfterPlacedWithoutPromise: Type.Integer({ minimum: 1, maximum: 720 }),
          },
          { additionalProperties: false },
        ),
        /** 极速退款: small quality claims with a photo from a customer in good standing */
        smallQuality: Type.Object(
          { enabled: Type.Boolean(), maxFen: FenAmount, minPhotos: Type.Integer({ minimum: 0, maximum: 9 }) },
          { additionalProperties: false },
        ),
        /** no-reason returns of unopened goods in window (seed 004) */
        noReasonUnopened: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
    /** good standing: fewer than these rejected claims in the window (and below the abuse limit) */
    standing: Type.Object({ windowDays: Type.Integer({ minimum: 1, maximum: 365 }), maxRejectedClaims: Count }, { additionalProperties: false }),
    /** a customer who already filed this many refund-only claims in the window goes to a human, never auto-paid */
    abuse: Type.Object({ windowDays: Type.Integer({ minimum: 1, maximum: 365 }), refundOnlyClaimsLimit: Count }, { additionalProperties: false }),
    /** goods refunded without being sent back (quality problems only) */
    noReturn: Type.Object({ fresh: Type.Boolean(), maxFen: FenAmount }, { additionalProperties: false }),
    /** a partial refund (or goodwill compensation outside late delivery) without a measured shortfall */
    partialRefund: Type.Object({ percent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }) }, { additionalProperties: false }),
    lateDelivery: Type.Object(
      {
        graceMinutes: Type.Integer({ minimum: 0, maximum: 1_440 }),
        compensation: LateCompensation,
        paidAs: Type.Enum(["coupon", "balance", "points"]),
      },
      { additionalProperties: false },
    ),
    /** days after the returned goods arrive within which the refund is paid (办法第十三条: at most 7) */
    refundDueDays: Type.Integer({ minimum: 0, maximum: 7 }),
    /** what a leader (团长) may approve alone */
    leaderLimits: Type.Object({ perCaseFen: FenAmount, perDayFen: FenAmount }, { additionalProperties: false }),
    /**
     * Platform timeouts (seed 004): a claim in review that no member of staff has touched this many
     * minutes after it came to need a person is approved in the customer's favour, up to the
     * amount; null minutes: never. Absent (versions published before it existed): never.
     */
    handling: Type.Optional(
      Type.Object(
        {
          autoApproveUnhandledAfterMinutes: Type.Union([Type.Integer({ minimum: 30, maximum: 43_200 }), Type.Null()]),
          autoApproveMaxFen: FenAmount,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PolicyDocument = Static<typeof PolicyDocument>;

// The document names every problem type, no more, no less.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const problemsCoverEveryType: SameKeys<keyof PolicyDocument["problems"], ProblemType> = true;
void problemsCoverEveryType;

export interface PolicyError {
  path: string;
  message: string;
}

export type PolicyValidation = { ok: true; policy: PolicyDocument } | { ok: false; errors: PolicyError[] };

/** Checks the schema, then what a schema cannot say (law floors, consistent limits). */
export function validatePolicyDocument(input: unknown): PolicyValidation {
  if (!Value.Check(PolicyDocument, input)) {
    const errors = Value.Errors(PolicyDocument, input).map((e) => ({ path: e.instancePath || "/", message: e.message }));
    return { ok: false, errors };
  }
  const errors = semanticErrors(input);
  return errors.length === 0 ? { ok: true, policy: input } : { ok: false, errors };
}

/** The resolutions `decide` can carry out for each kind of problem. */
const RESOLUTIONS_POSSIBLE: Partial<Record<ProblemType, readonly Resolution[]>> = {
  not_delivered: ["refund_only", "reship"],
  late_delivery: ["compensation"],
  changed_mind: ["return_refund", "exchange"],
};

function semanticErrors(policy: PolicyDocument): PolicyError[] {
  const errors: PolicyError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  const { fresh, standard } = policy.windows;

  // 办法第十条 and 消法第二十四条 set 7 days as the floor: a policy may be more generous, never less.
  if (standard.noReasonDays < 7) fail("/windows/standard/noReasonDays", "the law grants at least 7 days (办法第十条)");
  if (standard.qualityDays < 7) fail("/windows/standard/qualityDays", "the law grants at least 7 days for quality returns (消法第二十四条)");
  if (fresh.noReasonHours !== null && fresh.noReasonHours > fresh.qualityHours)
    fail("/windows/fresh/noReasonHours", "the no-reason promise cannot outlast the quality window");

  for (const type of PROBLEM_TYPES) {
    const rule = policy.problems[type];
    const path = `/problems/${type}`;
    const possible = RESOLUTIONS_POSSIBLE[type];
    rule.resolutions.forEach((r, i) => {
      if (possible && !possible.includes(r)) fail(`${path}/resolutions/${i}`, `${r} is not possible for ${type}; use ${possible.join(", ")}`);
    });
    if (rule.returnGoods && !rule.resolutions.includes("return_refund") && !rule.resolutions.includes("exchange"))
      fail(`${path}/returnGoods`, "goods to be returned need return_refund or exchange among the resolutions");
    if (type === "changed_mind" && !rule.returnGoods) fail(`${path}/returnGoods`, "a no-reason return sends the goods back");
    const keys = new Set<string>();
    rule.questions.forEach((q, i) => {
      const qPath = `${path}/questions/${i}`;
      if (keys.has(q.key)) fail(`${qPath}/key`, `duplicate question key ${q.key}`);
      keys.add(q.key);
      if (q.kind === "choice" && (q.options?.length ?? 0) < 2) fail(`${qPath}/options`, "a choice question needs at least 2 options");
      if (q.kind !== "choice" && q.options !== undefined) fail(`${qPath}/options`, "only a choice question has options");
    });
  }
  // the law's exclusions read these answers; a no-reason questionnaire must ask them
  const changedMindKeys = policy.problems.changed_mind.questions.map((q) => q.key);
  for (const key of ["opened", "sealIntact"])
    if (!changedMindKeys.includes(key)) fail("/problems/changed_mind/questions", `a no-reason return must ask "${key}" (办法第六条、第九条)`);

  const { smallQuality } = policy.autoApproval;
  if (smallQuality.enabled && smallQuality.minPhotos < 1) fail("/autoApproval/smallQuality/minPhotos", "an instant refund needs at least one photo");
  if (policy.abuse.refundOnlyClaimsLimit < 1) fail("/abuse/refundOnlyClaimsLimit", "a limit of 0 would send every refund-only claim to review; use at least 1");
  const comp = policy.lateDelivery.compensation;
  if (comp.kind === "fixed" && comp.fen < 1) fail("/lateDelivery/compensation/fen", "compensation must be at least 1 fen");
  if (comp.kind === "percent" && comp.capFen < 1) fail("/lateDelivery/compensation/capFen", "the cap must be at least 1 fen");
  const { perCaseFen, perDayFen } = policy.leaderLimits;
  if (perCaseFen > perDayFen) fail("/leaderLimits/perCaseFen", "the per-case limit cannot exceed the per-day limit");
  if (policy.handling && policy.handling.autoApproveUnhandledAfterMinutes !== null && policy.handling.autoApproveMaxFen < 1)
    fail("/handling/autoApproveMaxFen", "an automatic approval up to 0 fen approves nothing; set autoApproveUnhandledAfterMinutes to null instead");
  return errors;
}

export { DEFAULT_POLICY } from "./default-policy.js";

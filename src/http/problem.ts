/**
 * RFC 9457 problem details. Every expected failure the API reports is a Problem with a
 * stable `type` URI; clients switch on `type`, people read `title` and `detail`.
 */
export const PROBLEM_BASE = "https://anxin.dev/problems/";

export type ProblemSlug =
  | "validation"
  | "malformed-body"
  | "unsupported-media-type"
  | "payload-too-large"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "idempotency-key-required"
  | "idempotency-key-reused"
  | "idempotency-in-progress"
  | "order-conflict"
  | "quantity-exceeded"
  | "invalid-transition"
  | "invalid-policy"
  | "evidence-invalid"
  | "already-owned"
  | "merge-refused"
  | "leader-limit-exceeded"
  | "not-paid-yet"
  | "nothing-to-settle"
  | "already-paid"
  | "script-variables"
  | "rate-limited"
  | "unavailable"
  | "internal";

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: ProblemSlug,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: PROBLEM_BASE + this.slug,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const notFound = (what: string, id: string) => new Problem(404, "not-found", `${what} not found`, `${what} ${id} does not exist or is not visible to you`);
export const forbidden = (detail: string) => new Problem(403, "forbidden", "Forbidden", detail);
export const unauthenticated = (detail: string) => new Problem(401, "unauthenticated", "Authentication required", detail);
export const invalid = (detail: string, errors?: unknown[]) =>
  new Problem(422, "validation", "Invalid request", detail, errors ? { errors } : {});

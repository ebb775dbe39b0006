import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./api-schema";
import { session } from "./session";

export type { paths, components } from "./api-schema";

/** An RFC 9457 problem the API answered with, or a network failure (status 0). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    /** the stable slug of the problem type (`validation`, `invalid-transition`, …) or `network` */
    readonly slug: string,
    readonly title: string,
    readonly detail: string | undefined,
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

const PROBLEM_BASE = "https://anxin.dev/problems/";

/**
 * Turns a failed answer into an ApiProblem, whatever its body. openapi-fetch has already read
 * the body of a failed answer (its `error`): pass that as `parsed`; otherwise the body is read here.
 */
export async function problemOf(response: Response, parsed?: unknown): Promise<ApiProblem> {
  let body: Record<string, unknown> = {};
  if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
  else if (parsed === undefined && !response.bodyUsed) {
    try {
      body = (await response.json()) as Record<string, unknown>;
    } catch {
      // not JSON (a proxy's error page): the status says enough
    }
  }
  const type = typeof body.type === "string" ? body.type : "";
  const slug = type.startsWith(PROBLEM_BASE) ? type.slice(PROBLEM_BASE.length) : `http-${response.status}`;
  const title = typeof body.title === "string" ? body.title : response.statusText || `HTTP ${response.status}`;
  return new ApiProblem(response.status, slug, title, typeof body.detail === "string" ? body.detail : undefined, body);
}

const authorize: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token && !request.headers.has("authorization")) request.headers.set("authorization", `Bearer ${token}`);
    return request;
  },
  async onResponse({ response }) {
    // a session that ended elsewhere (logout, disabled) sends the person back to log in
    if (response.status === 401 && session.token()) session.expired();
    return response;
  },
};

/** The typed client: paths, parameters and bodies checked against the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: "" });
api.use(authorize);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * Unwraps an openapi-fetch answer: the data, or throws an ApiProblem (so TanStack Query's
 * error state gets the problem's type, title and detail). A network failure is an ApiProblem
 * with status 0.
 */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (e) {
    throw new ApiProblem(0, "network", "Network error", e instanceof Error ? e.message : String(e));
  }
  if (!answer.response.ok) throw await problemOf(answer.response, answer.error ?? null);
  return answer.data as T;
}

/** A fresh key for a write that may be retried: one per intended action, kept across retries. */
export function newIdempotencyKey(prefix = "web"): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/** Uploads one photo (multipart field `photo`); answers its evidence id. */
export async function uploadPhoto(file: Blob, name = "photo.jpg"): Promise<{ id: string }> {
  const form = new FormData();
  form.append("photo", file, name);
  const token = session.token();
  let response: Response;
  try {
    response = await fetch("/api/v1/evidence", { method: "POST", body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (e) {
    throw new ApiProblem(0, "network", "Network error", e instanceof Error ? e.message : String(e));
  }
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as { id: string };
}

/** The URL of a photo with the caller's token (an <img> cannot send headers). */
export async function photoBlobUrl(evidenceId: string): Promise<string> {
  const token = session.token();
  const response = await fetch(`/api/v1/evidence/${encodeURIComponent(evidenceId)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw await problemOf(response);
  return URL.createObjectURL(await response.blob());
}

/*
 * The policy document as the editor handles it: JSON text a person edits, values read and
 * written by path (the server's error paths, e.g. /windows/standard/noReasonDays), and the
 * changed settings between two versions. The rules themselves are the server's: it validates.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type Parsed = { ok: true; value: JsonObject } | { ok: false; message: string };

/** Parses the editor's text; only a JSON object is a policy document. */
export function parsePolicy(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, message: "not a JSON object" };
    return { ok: true, value: value as JsonObject };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

export const pretty = (value: unknown) => JSON.stringify(value, null, 2);

const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** The value at a JSON-pointer-like path ("/a/b"), or undefined. */
export function valueAt(doc: Json, path: string): Json | undefined {
  let at: Json | undefined = doc;
  for (const key of path.split("/").filter(Boolean)) {
    if (Array.isArray(at)) at = at[Number(key)];
    else if (isObject(at)) at = at[key];
    else return undefined;
  }
  return at;
}

/** A copy of the document with the value at `path` replaced (objects on the way created if missing). */
export function withValueAt(doc: JsonObject, path: string, value: Json): JsonObject {
  const [head, ...rest] = path.split("/").filter(Boolean);
  if (head === undefined) return doc;
  if (rest.length === 0) return { ...doc, [head]: value };
  const child = doc[head];
  return { ...doc, [head]: withValueAt(isObject(child) ? child : {}, rest.join("/"), value) };
}

/** Every leaf of a document by path; arrays of plain values are one leaf (a list of resolutions reads as one setting). */
export function leaves(doc: Json, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  const plainArray = Array.isArray(doc) && doc.every((v) => v === null || typeof v !== "object");
  if (isObject(doc)) for (const [k, v] of Object.entries(doc)) for (const [p, s] of leaves(v, `${prefix}/${k}`)) out.set(p, s);
  else if (Array.isArray(doc) && !plainArray) doc.forEach((v, i) => leaves(v, `${prefix}/${i}`).forEach((s, p) => out.set(p, s)));
  else out.set(prefix || "/", JSON.stringify(doc));
  return out;
}

export interface Change {
  path: string;
  before: string | null;
  after: string | null;
}

/** The settings that differ between two documents, in path order; the version number itself is left out. */
export function changesBetween(before: Json, after: Json): Change[] {
  const a = leaves(before);
  const b = leaves(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => p !== "/version").sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((path) => ({ path, before: a.get(path) ?? null, after: b.get(path) ?? null }));
}

/** The main knobs the structured form edits; everything else is edited in the JSON. */
export interface Knob {
  key: string;
  path: string;
  /** yuan: the document holds fen, the form shows yuan; nullable: empty means null */
  unit: "count" | "yuan" | "percent";
  nullable?: boolean;
}

export const KNOBS: Knob[] = [
  { key: "freshNoReasonHours", path: "/windows/fresh/noReasonHours", unit: "count", nullable: true },
  { key: "freshQualityHours", path: "/windows/fresh/qualityHours", unit: "count" },
  { key: "standardNoReasonDays", path: "/windows/standard/noReasonDays", unit: "count" },
  { key: "standardQualityDays", path: "/windows/standard/qualityDays", unit: "count" },
  { key: "smallQualityMaxYuan", path: "/autoApproval/smallQuality/maxFen", unit: "yuan" },
  { key: "noReturnMaxYuan", path: "/noReturn/maxFen", unit: "yuan" },
  { key: "partialRefundPercent", path: "/partialRefund/percent", unit: "percent" },
  { key: "refundDueDays", path: "/refundDueDays", unit: "count" },
  { key: "leaderPerCaseYuan", path: "/leaderLimits/perCaseFen", unit: "yuan" },
  { key: "leaderPerDayYuan", path: "/leaderLimits/perDayFen", unit: "yuan" },
  { key: "unhandledMinutes", path: "/handling/autoApproveUnhandledAfterMinutes", unit: "count", nullable: true },
];

/** A knob's value as the form shows it (yuan for fen), or null. */
export function knobValue(doc: JsonObject, knob: Knob): number | null {
  const v = valueAt(doc, knob.path);
  if (typeof v !== "number") return null;
  return knob.unit === "yuan" ? v / 100 : v;
}

/** The document with a knob set from the form (yuan back to whole fen). */
export function withKnob(doc: JsonObject, knob: Knob, shown: number | null): JsonObject {
  if (shown === null) return knob.nullable ? withValueAt(doc, knob.path, null) : doc;
  return withValueAt(doc, knob.path, knob.unit === "yuan" ? Math.round(shown * 100) : shown);
}

/** A field error the server named (invalid-policy problem details carry `errors: [{path, message}]`). */
export interface FieldError {
  path: string;
  message: string;
}

export function fieldErrorsOf(body: Record<string, unknown>): FieldError[] {
  const errors = body.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    if (typeof e !== "object" || e === null) return [];
    const path = "path" in e && typeof e.path === "string" ? e.path : "/";
    const message = "message" in e && typeof e.message === "string" ? e.message : "";
    return [{ path, message }];
  });
}
